"""Query and Scan through boto3: the resource's Key/Attr condition builders,
the low-level client's paginators, Select COUNT, the legacy parameters,
parallel scan, and DynamoDB's errors as botocore's ClientError carries them.

Behaviour and messages are AWS's (Query/Scan API Reference; wording as
recorded against the live service, see systemtest/query_test.go)."""

import os
import threading
from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

_seq = [0]


def error_of(excinfo):
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]


def _new_table(dynamodb, sk_type):
    _seq[0] += 1
    name = f"e2e-qs-{os.getpid()}-{_seq[0]}"
    t = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": sk_type},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    t.wait_until_exists()
    return t


@pytest.fixture
def num_table(dynamodb):
    """pk S / sk N; partition "p" has sk 0..9 with v = sk and tag even/odd."""
    t = _new_table(dynamodb, "N")
    for i in range(10):
        t.put_item(Item={"pk": "p", "sk": i, "v": i, "tag": "even" if i % 2 == 0 else "odd"})
    t.put_item(Item={"pk": "q", "sk": 1, "v": 100})
    yield t
    t.delete()


@pytest.fixture
def str_table(dynamodb):
    """pk S / sk S."""
    t = _new_table(dynamodb, "S")
    for sk in ["a", "aa", "ab", "b", "ba", "B", "10", "2"]:
        t.put_item(Item={"pk": "p", "sk": sk})
    yield t
    t.delete()


def test_query_key_builders(num_table, str_table):
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p"))
    assert [it["sk"] for it in res["Items"]] == list(range(10))
    assert res["Count"] == 10 and res["ScannedCount"] == 10 and "LastEvaluatedKey" not in res

    res = num_table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").between(3, 6), ScanIndexForward=False)
    assert [it["sk"] for it in res["Items"]] == [6, 5, 4, 3]
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").lt(2))
    assert [it["sk"] for it in res["Items"]] == [0, 1]
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").gte(Decimal("8.5")))
    assert [it["sk"] for it in res["Items"]] == [9]
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").eq(4))
    assert res["Items"] == [{"pk": "p", "sk": 4, "v": 4, "tag": "even"}]

    res = str_table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").begins_with("a"))
    assert [it["sk"] for it in res["Items"]] == ["a", "aa", "ab"]
    # Strings sort by bytes: digits, then upper case, then lower case.
    res = str_table.query(KeyConditionExpression=Key("pk").eq("p"))
    assert [it["sk"] for it in res["Items"]] == ["10", "2", "B", "a", "aa", "ab", "b", "ba"]


def test_query_empty_result_has_items_list(client, num_table):
    res = client.query(
        TableName=num_table.name,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "nobody"}},
    )
    assert res["Items"] == [] and res["Count"] == 0 and res["ScannedCount"] == 0


def test_query_filter_and_limit(num_table):
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p"), FilterExpression=Attr("tag").eq("odd") & Attr("v").gt(2))
    assert [it["sk"] for it in res["Items"]] == [3, 5, 7, 9]
    assert res["Count"] == 4 and res["ScannedCount"] == 10

    # Limit counts items read before the filter; the page's LastEvaluatedKey
    # is the last item read.
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p"), FilterExpression=Attr("tag").eq("odd"), Limit=4)
    assert [it["sk"] for it in res["Items"]] == [1, 3]
    assert res["ScannedCount"] == 4 and res["LastEvaluatedKey"] == {"pk": "p", "sk": 3}

    # A page ending exactly on the last item still has a LastEvaluatedKey;
    # the next page is empty and has none.
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p"), Limit=10)
    assert len(res["Items"]) == 10 and res["LastEvaluatedKey"] == {"pk": "p", "sk": 9}
    nxt = num_table.query(KeyConditionExpression=Key("pk").eq("p"), Limit=10, ExclusiveStartKey=res["LastEvaluatedKey"])
    assert nxt["Items"] == [] and nxt["Count"] == 0 and "LastEvaluatedKey" not in nxt


def test_query_projection_and_count(num_table):
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").lte(1), ProjectionExpression="#t, v",
                          ExpressionAttributeNames={"#t": "tag"})
    assert res["Items"] == [{"tag": "even", "v": 0}, {"tag": "odd", "v": 1}]
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p"), Select="COUNT")
    assert "Items" not in res and res["Count"] == 10 and res["ScannedCount"] == 10
    res = num_table.query(KeyConditionExpression=Key("pk").eq("p"), Select="COUNT", FilterExpression=Attr("v").gte(7))
    assert "Items" not in res and res["Count"] == 3 and res["ScannedCount"] == 10


def test_query_paginator(client, num_table):
    # The low-level client (the resource's own client converts types).
    pages = list(client.get_paginator("query").paginate(
        TableName=num_table.name,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "p"}},
        ScanIndexForward=False,
        PaginationConfig={"PageSize": 3},
    ))
    keys = [int(it["sk"]["N"]) for page in pages for it in page["Items"]]
    assert keys == list(range(9, -1, -1))
    assert [len(p["Items"]) for p in pages] == [3, 3, 3, 1]


def test_query_legacy_parameters(client, num_table):
    # The low-level client (the resource's own client converts types).
    res = client.query(
        TableName=num_table.name,
        KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
            "sk": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "5"}]},
        },
        QueryFilter={
            "tag": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "even"}]},
            "v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "9"}]},
        },
        ConditionalOperator="OR",
        AttributesToGet=["sk"],
    )
    assert res["Items"] == [{"sk": {"N": "6"}}, {"sk": {"N": "8"}}, {"sk": {"N": "9"}}]
    assert res["ScannedCount"] == 5


def test_query_errors(num_table):
    with pytest.raises(ClientError) as excinfo:
        num_table.query(KeyConditionExpression=Key("pk").eq("p"), FilterExpression=Attr("sk").gt(1))
    assert error_of(excinfo) == (
        "ValidationException",
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
    )
    with pytest.raises(ClientError) as excinfo:
        num_table.query(KeyConditionExpression=Key("sk").eq(1))
    assert error_of(excinfo) == ("ValidationException", "Query condition missed key schema element: pk")
    with pytest.raises(ClientError) as excinfo:
        num_table.query(KeyConditionExpression=Key("pk").eq("p") | Key("sk").eq(1))
    assert error_of(excinfo) == ("ValidationException", "Invalid operator used in KeyConditionExpression: OR")
    with pytest.raises(ClientError) as excinfo:
        num_table.query(KeyConditionExpression=Key("pk").eq(1))
    assert error_of(excinfo) == (
        "ValidationException",
        "One or more parameter values were invalid: Condition parameter type does not match schema type",
    )
    with pytest.raises(ClientError) as excinfo:
        num_table.query(KeyConditionExpression=Key("pk").eq("p"), ExclusiveStartKey={"pk": "p"})
    code, msg = error_of(excinfo)
    # Only this beginning of AWS's message is confirmed.
    assert code == "ValidationException" and msg.startswith("The provided starting key is invalid")
    with pytest.raises(ClientError) as excinfo:
        num_table.query(KeyConditionExpression=Key("pk").eq("p"), ExclusiveStartKey={"pk": "q", "sk": 1})
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided starting key is outside query boundaries based on provided conditions",
    )
    with pytest.raises(ClientError) as excinfo:
        num_table.query(KeyConditionExpression=Key("pk").eq("p"), Select="ALL_PROJECTED_ATTRIBUTES")
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
    )


def test_missing_table(dynamodb):
    t = dynamodb.Table(f"e2e-qs-missing-{os.getpid()}")
    for call in (lambda: t.query(KeyConditionExpression=Key("pk").eq("p")), lambda: t.scan()):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found")


def test_scan_filter_attr(num_table):
    res = num_table.scan(FilterExpression=Attr("v").between(2, 5) | Attr("pk").eq("q"))
    assert sorted((it["pk"], it["sk"]) for it in res["Items"]) == [("p", 2), ("p", 3), ("p", 4), ("p", 5), ("q", 1)]
    assert res["Count"] == 5 and res["ScannedCount"] == 11
    res = num_table.scan(Select="COUNT", FilterExpression=Attr("tag").not_exists())
    assert "Items" not in res and res["Count"] == 1 and res["ScannedCount"] == 11


def test_scan_paginator_and_legacy_filter(client, num_table):
    # The low-level client (the resource's own client converts types).
    pages = list(client.get_paginator("scan").paginate(TableName=num_table.name, PaginationConfig={"PageSize": 4}))
    keys = [(it["pk"]["S"], it["sk"]["N"]) for page in pages for it in page["Items"]]
    assert len(keys) == 11 and len(set(keys)) == 11
    assert [len(p["Items"]) for p in pages] == [4, 4, 3]

    res = client.scan(
        TableName=num_table.name,
        ScanFilter={"v": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "7"}]}},
        AttributesToGet=["v"],
    )
    assert sorted(int(it["v"]["N"]) for it in res["Items"]) == [8, 9, 100]


def test_parallel_scan(num_table):
    total = 4
    found = [None] * total

    def worker(seg):
        items, start = [], None
        while True:
            kwargs = {"Segment": seg, "TotalSegments": total, "Limit": 2}
            if start:
                kwargs["ExclusiveStartKey"] = start
            res = num_table.scan(**kwargs)
            items.extend(res["Items"])
            start = res.get("LastEvaluatedKey")
            if not start:
                break
        found[seg] = items

    threads = [threading.Thread(target=worker, args=(s,)) for s in range(total)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    keys = [(it["pk"], it["sk"]) for seg in found for it in seg]
    assert len(keys) == 11 and len(set(keys)) == 11


def test_scan_segment_errors(client, num_table):
    with pytest.raises(ClientError) as excinfo:
        client.scan(TableName=num_table.name, Segment=4, TotalSegments=4)
    assert error_of(excinfo) == (
        "ValidationException",
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4",
    )
    with pytest.raises(ClientError) as excinfo:
        client.scan(TableName=num_table.name, TotalSegments=4)
    assert error_of(excinfo) == (
        "ValidationException",
        "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
    )
    with pytest.raises(ClientError) as excinfo:
        client.scan(TableName=num_table.name, Segment=1)
    assert error_of(excinfo) == (
        "ValidationException",
        "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
    )
