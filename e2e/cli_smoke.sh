#!/usr/bin/env bash
# The AWS CLI (Debian's, /usr/bin/aws) against a Basalt it starts itself:
# create a table, wait for it, put, get, update, conditionally put, delete an
# item, delete the table; every output is parsed and checked.
#
# Usage: BASALT_BIN=tmp/basalt e2e/cli_smoke.sh
set -euo pipefail

AWS=/usr/bin/aws
PY=/usr/bin/python3
BIN=${BASALT_BIN:?set BASALT_BIN to the built server (go build -o tmp/basalt ./cmd/basalt)}

work=$(mktemp -d)
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$BIN" -in-memory -addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
cleanup() {
	kill "$server" 2>/dev/null || true
	wait "$server" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 300); do
	if "$PY" -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('$url/', timeout=1).status == 200 else 1)" 2>/dev/null; then
		break
	fi
	if ! kill -0 "$server" 2>/dev/null; then
		echo "cli_smoke: basalt exited before it was ready" >&2
		cat "$work/server.log" >&2
		exit 1
	fi
	sleep 0.1
done

# Dummy credentials, no user configuration, no pager.
export AWS_ACCESS_KEY_ID=AKIDBASALTCLI AWS_SECRET_ACCESS_KEY=basalt-cli-secret AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE="$work/config" AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_PAGER=""
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL 2>/dev/null || true

passed=0
failed=0
ddb() { "$AWS" dynamodb --endpoint-url "$url" --output json "$@"; }

# check NAME PYTHON-EXPRESSION: evaluates the expression with `out` bound to
# the parsed JSON of the last command's output (None when it printed nothing).
check() {
	local name=$1 expr=$2
	if OUT="$out_text" "$PY" -c '
import json, os, sys
text = os.environ["OUT"].strip()
out = json.loads(text) if text else None
sys.exit(0 if eval(sys.argv[1]) else 1)
' "$expr"; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name: $expr" >&2
		echo "     output: $out_text" >&2
	fi
}

# run NAME CMD...: runs an aws command that must succeed; its output goes to
# out_text for the checks that follow.
run() {
	local name=$1 status=0
	shift
	out_text=$("$@" 2>"$work/stderr") || status=$?
	if [ "$status" -ne 0 ]; then
		failed=$((failed + 1))
		echo "FAIL $name: exit $status" >&2
		cat "$work/stderr" >&2
		out_text=""
	fi
}

table=cli-smoke
run create-table ddb create-table --table-name "$table" \
	--attribute-definitions AttributeName=id,AttributeType=S \
	--key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST
check create-table 'out["TableDescription"]["TableName"] == "cli-smoke" and out["TableDescription"]["TableArn"].endswith(":table/cli-smoke")'

run wait-table-exists ddb wait table-exists --table-name "$table"
run describe-table ddb describe-table --table-name "$table"
check describe-table 'out["Table"]["TableStatus"] == "ACTIVE" and out["Table"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"'

run list-tables ddb list-tables
check list-tables '"cli-smoke" in out["TableNames"]'

run put-item ddb put-item --table-name "$table" \
	--item '{"id": {"S": "1"}, "name": {"S": "Alice"}, "score": {"N": "1.50"}, "tags": {"SS": ["a", "b"]}}' \
	--return-consumed-capacity TOTAL
check put-item 'out["ConsumedCapacity"]["CapacityUnits"] == 1.0'

run get-item ddb get-item --table-name "$table" --key '{"id": {"S": "1"}}' --consistent-read
check get-item 'out["Item"]["name"] == {"S": "Alice"} and out["Item"]["score"] == {"N": "1.5"} and sorted(out["Item"]["tags"]["SS"]) == ["a", "b"]'

run update-item ddb update-item --table-name "$table" --key '{"id": {"S": "1"}}' \
	--update-expression 'SET score = score + :inc, #n = :n' \
	--expression-attribute-names '{"#n": "name"}' \
	--expression-attribute-values '{":inc": {"N": "1"}, ":n": {"S": "Bob"}}' \
	--return-values ALL_NEW
check update-item 'out["Attributes"]["score"] == {"N": "2.5"} and out["Attributes"]["name"] == {"S": "Bob"}'

# A conditional put on an existing key fails with AWS's exception and exit 254.
set +e
"$AWS" dynamodb --endpoint-url "$url" --output json put-item --table-name "$table" \
	--item '{"id": {"S": "1"}}' --condition-expression 'attribute_not_exists(id)' >/dev/null 2>"$work/stderr"
status=$?
set -e
out_text=$("$PY" -c 'import json, sys; print(json.dumps({"status": int(sys.argv[1]), "stderr": open(sys.argv[2]).read()}))' "$status" "$work/stderr")
check conditional-put-fails 'out["status"] == 254 and "ConditionalCheckFailedException" in out["stderr"] and "The conditional request failed" in out["stderr"]'

run delete-item ddb delete-item --table-name "$table" --key '{"id": {"S": "1"}}' --return-values ALL_OLD
check delete-item 'out["Attributes"]["id"] == {"S": "1"} and out["Attributes"]["name"] == {"S": "Bob"}'

run get-deleted ddb get-item --table-name "$table" --key '{"id": {"S": "1"}}' --consistent-read
check get-deleted 'out is None or "Item" not in out'

# The read path and batches: a table with a sort key, loaded by
# batch-write-item, read back by query (the CLI pages through
# LastEvaluatedKey itself when --page-size is smaller than the result), scan
# and batch-get-item.
events=cli-smoke-events
run create-events ddb create-table --table-name "$events" \
	--attribute-definitions AttributeName=user,AttributeType=S AttributeName=ts,AttributeType=N \
	--key-schema AttributeName=user,KeyType=HASH AttributeName=ts,KeyType=RANGE --billing-mode PAY_PER_REQUEST
requests=$("$PY" -c '
import json
reqs = [{"PutRequest": {"Item": {"user": {"S": u}, "ts": {"N": str(t)}, "kind": {"S": "click" if t % 2 else "view"}}}}
        for u in ("ann", "bob") for t in range(1, 11)]
print(json.dumps({"cli-smoke-events": reqs}))')
run batch-write-item ddb batch-write-item --request-items "$requests"
check batch-write-item 'out["UnprocessedItems"] == {}'

run query ddb query --table-name "$events" --page-size 3 \
	--key-condition-expression '#u = :u AND ts BETWEEN :a AND :b' --expression-attribute-names '{"#u": "user"}' \
	--expression-attribute-values '{":u": {"S": "ann"}, ":a": {"N": "2"}, ":b": {"N": "9"}}' --no-scan-index-forward
check query '[int(i["ts"]["N"]) for i in out["Items"]] == list(range(9, 1, -1)) and out["Count"] == 8'

run query-filter ddb query --table-name "$events" --select COUNT \
	--key-condition-expression '#u = :u' --filter-expression 'kind = :k' --expression-attribute-names '{"#u": "user"}' \
	--expression-attribute-values '{":u": {"S": "bob"}, ":k": {"S": "click"}}'
check query-filter 'out["Count"] == 5 and out["ScannedCount"] == 10 and "Items" not in out'

run scan ddb scan --table-name "$events" --page-size 4
check scan 'out["Count"] == 20 and len({(i["user"]["S"], i["ts"]["N"]) for i in out["Items"]}) == 20'

run batch-get-item ddb batch-get-item --request-items \
	'{"cli-smoke-events": {"Keys": [{"user": {"S": "ann"}, "ts": {"N": "1"}}, {"user": {"S": "bob"}, "ts": {"N": "99"}}], "ProjectionExpression": "kind"}}'
check batch-get-item 'out["Responses"]["cli-smoke-events"] == [{"kind": {"S": "click"}}] and out["UnprocessedKeys"] == {}'

# Transactions: a transfer between two items, all or nothing.
run transact-write ddb transact-write-items --client-request-token cli-smoke-1 --transact-items '[
	{"Update": {"TableName": "cli-smoke-events", "Key": {"user": {"S": "ann"}, "ts": {"N": "1"}},
		"UpdateExpression": "SET bal = :b", "ExpressionAttributeValues": {":b": {"N": "10"}}}},
	{"ConditionCheck": {"TableName": "cli-smoke-events", "Key": {"user": {"S": "bob"}, "ts": {"N": "1"}},
		"ConditionExpression": "attribute_exists(kind)"}}]'
check transact-write 'out is None or out == {}'
set +e
"$AWS" dynamodb --endpoint-url "$url" --output json transact-write-items --transact-items '[
	{"Update": {"TableName": "cli-smoke-events", "Key": {"user": {"S": "ann"}, "ts": {"N": "1"}},
		"UpdateExpression": "SET bal = bal - :x", "ConditionExpression": "bal >= :x",
		"ExpressionAttributeValues": {":x": {"N": "50"}}}},
	{"Put": {"TableName": "cli-smoke-events", "Item": {"user": {"S": "cat"}, "ts": {"N": "1"}}}}]' >/dev/null 2>"$work/stderr"
status=$?
set -e
out_text=$("$PY" -c 'import json, sys; print(json.dumps({"status": int(sys.argv[1]), "stderr": open(sys.argv[2]).read()}))' "$status" "$work/stderr")
check transact-cancelled 'out["status"] == 254 and "TransactionCanceledException" in out["stderr"] and "[ConditionalCheckFailed, None]" in out["stderr"]'
run transact-get ddb transact-get-items --transact-items '[
	{"Get": {"TableName": "cli-smoke-events", "Key": {"user": {"S": "ann"}, "ts": {"N": "1"}}, "ProjectionExpression": "bal"}},
	{"Get": {"TableName": "cli-smoke-events", "Key": {"user": {"S": "cat"}, "ts": {"N": "1"}}}}]'
check transact-get 'out["Responses"] == [{"Item": {"bal": {"N": "10"}}}, {}]'

# A global secondary index added to the table with data, then queried.
run add-index ddb update-table --table-name "$events" \
	--attribute-definitions AttributeName=kind,AttributeType=S AttributeName=ts,AttributeType=N \
	--global-secondary-index-updates '[{"Create": {"IndexName": "byKind", "KeySchema": [
		{"AttributeName": "kind", "KeyType": "HASH"}, {"AttributeName": "ts", "KeyType": "RANGE"}],
		"Projection": {"ProjectionType": "KEYS_ONLY"}}}]'
check add-index '[g["IndexName"] for g in out["TableDescription"]["GlobalSecondaryIndexes"]] == ["byKind"]'
for _ in $(seq 1 100); do
	out_text=$(ddb describe-table --table-name "$events")
	if OUT="$out_text" "$PY" -c 'import json, os, sys; g = json.loads(os.environ["OUT"])["Table"]["GlobalSecondaryIndexes"][0]; sys.exit(0 if g["IndexStatus"] == "ACTIVE" else 1)'; then
		break
	fi
	sleep 0.1
done
run query-index ddb query --table-name "$events" --index-name byKind \
	--key-condition-expression 'kind = :k AND ts > :t' --expression-attribute-values '{":k": {"S": "view"}, ":t": {"N": "5"}}'
check query-index '[(i["user"]["S"], int(i["ts"]["N"])) for i in out["Items"]] == [("ann", 6), ("bob", 6), ("ann", 8), ("bob", 8), ("ann", 10), ("bob", 10)] and set(out["Items"][0]) == {"user", "ts", "kind"}'
run delete-events ddb delete-table --table-name "$events"

run delete-table ddb delete-table --table-name "$table"
check delete-table 'out["TableDescription"]["TableName"] == "cli-smoke"'
run wait-table-not-exists ddb wait table-not-exists --table-name "$table"

echo "cli_smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
