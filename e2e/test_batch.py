"""BatchWriteItem and BatchGetItem through boto3: the resource's batch_writer,
the low-level client, unprocessed keys, consumed capacity and DynamoDB's
errors for malformed batches."""

from decimal import Decimal

import pytest
from botocore.exceptions import ClientError
from conftest import error_of

DUPLICATES = "Provided list of item keys contains duplicates"




def get_all(client, request_items):
    """Runs batch_get_item until nothing is unprocessed; returns the items
    per table and the number of calls it took."""
    found, calls = {}, 0
    while request_items:
        calls += 1
        out = client.batch_get_item(RequestItems=request_items)
        for name, items in out["Responses"].items():
            found.setdefault(name, []).extend(items)
        request_items = out["UnprocessedKeys"]
    return found, calls


def test_batch_writer_puts_and_deletes(client, table):
    with table.batch_writer() as batch:
        for i in range(60):
            batch.put_item(Item={"pk": f"k{i:02d}", "n": i, "tags": {"a", "b"}})
        for i in range(0, 60, 3):
            batch.delete_item(Key={"pk": f"k{i:02d}"})
    found, _ = get_all(client, {table.name: {"Keys": [{"pk": {"S": f"k{i:02d}"}} for i in range(60) if i % 2]}})
    got = sorted(int(it["n"]["N"]) for it in found[table.name])
    assert got == [i for i in range(60) if i % 2 and i % 3]
    assert table.get_item(Key={"pk": "k01"}, ConsistentRead=True)["Item"] == {"pk": "k01", "n": 1, "tags": {"a", "b"}}


def test_batch_writer_overwrite_by_pkeys(table):
    # Without overwrite_by_pkeys boto3 sends both puts of "dup" in one call.
    with pytest.raises(ClientError) as excinfo:
        with table.batch_writer() as batch:
            batch.put_item(Item={"pk": "dup", "v": 1})
            batch.put_item(Item={"pk": "dup", "v": 2})
    assert error_of(excinfo) == ("ValidationException", DUPLICATES)
    assert "Item" not in table.get_item(Key={"pk": "dup"}, ConsistentRead=True)
    with table.batch_writer(overwrite_by_pkeys=["pk"]) as batch:
        batch.put_item(Item={"pk": "dup", "v": 1})
        batch.put_item(Item={"pk": "dup", "v": 2})
    assert table.get_item(Key={"pk": "dup"}, ConsistentRead=True)["Item"]["v"] == 2


def test_client_batch_get_over_tables(client, table, other_table):
    client.batch_write_item(
        RequestItems={
            table.name: [
                {"PutRequest": {"Item": {"pk": {"S": "a"}, "x": {"S": "1"}, "y": {"N": "2"}}}},
                {"PutRequest": {"Item": {"pk": {"S": "b"}, "y": {"N": "3"}}}},
            ],
            other_table.name: [{"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "1.50"}, "data": {"S": "d"}}}}],
        }
    )
    out = client.batch_get_item(
        RequestItems={
            table.name: {
                "Keys": [{"pk": {"S": "a"}}, {"pk": {"S": "b"}}, {"pk": {"S": "none"}}],
                "ProjectionExpression": "#x, y",
                "ExpressionAttributeNames": {"#x": "x"},
            },
            other_table.name: {"Keys": [{"pk": {"S": "a"}, "sk": {"N": "1.5"}}], "ConsistentRead": True},
        },
        ReturnConsumedCapacity="TOTAL",
    )
    got = sorted(out["Responses"][table.name], key=lambda it: it["y"]["N"])
    assert got == [{"x": {"S": "1"}, "y": {"N": "2"}}, {"y": {"N": "3"}}]
    assert out["Responses"][other_table.name] == [{"pk": {"S": "a"}, "sk": {"N": "1.5"}, "data": {"S": "d"}}]
    assert out["UnprocessedKeys"] == {}
    units = {cc["TableName"]: cc["CapacityUnits"] for cc in out["ConsumedCapacity"]}
    assert units == {table.name: 1.5, other_table.name: 1.0}


def test_resource_batch_get_deserialises(dynamodb, table):
    with table.batch_writer() as batch:
        batch.put_item(Item={"pk": "r", "price": Decimal("9.99"), "list": [1, "two"]})
    out = dynamodb.batch_get_item(RequestItems={table.name: {"Keys": [{"pk": "r"}], "ConsistentRead": True}})
    assert out["Responses"][table.name] == [{"pk": "r", "price": Decimal("9.99"), "list": [1, "two"]}]


def test_unprocessed_keys_past_16mb(client, table):
    pad = "p" * (390 * 1024)
    with table.batch_writer() as batch:
        for i in range(50):
            batch.put_item(Item={"pk": f"big{i:02d}", "pad": pad})
    keys = [{"pk": {"S": f"big{i:02d}"}} for i in range(50)]
    out = client.batch_get_item(RequestItems={table.name: {"Keys": keys, "AttributesToGet": ["pk"]}})
    left = out["UnprocessedKeys"][table.name]
    assert left["AttributesToGet"] == ["pk"]
    assert 0 < len(out["Responses"][table.name]) < 50
    assert len(out["Responses"][table.name]) + len(left["Keys"]) == 50
    found, calls = get_all(client, {table.name: {"Keys": keys, "AttributesToGet": ["pk"]}})
    assert calls == 2
    assert sorted(it["pk"]["S"] for it in found[table.name]) == [k["pk"]["S"] for k in keys]


def test_batch_write_consumed_capacity(client, table):
    out = client.batch_write_item(
        RequestItems={
            table.name: [
                {"PutRequest": {"Item": {"pk": {"S": "c1"}, "b": {"S": "b" * 1500}}}},
                {"DeleteRequest": {"Key": {"pk": {"S": "missing"}}}},
            ]
        },
        ReturnConsumedCapacity="INDEXES",
        ReturnItemCollectionMetrics="SIZE",
    )
    assert out["UnprocessedItems"] == {}
    assert out["ConsumedCapacity"] == [{"TableName": table.name, "CapacityUnits": 3.0, "Table": {"CapacityUnits": 3.0}}]
    assert not out.get("ItemCollectionMetrics")


@pytest.mark.parametrize(
    "requests, message",
    [
        ([{"PutRequest": {"Item": {"pk": {"S": f"x{i}"}}}} for i in range(26)], None),
        ([{"PutRequest": {"Item": {"pk": {"S": "x"}}}}, {"DeleteRequest": {"Key": {"pk": {"S": "x"}}}}], DUPLICATES),
        (
            [{}],
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
        ),
        ([{"PutRequest": {"Item": {"other": {"S": "x"}}}}], "The provided key element does not match the schema"),
    ],
)
def test_batch_write_rejected(client, table, requests, message):
    with pytest.raises(ClientError) as excinfo:
        client.batch_write_item(RequestItems={table.name: requests + [{"PutRequest": {"Item": {"pk": {"S": "ok"}}}}]})
    code, msg = error_of(excinfo)
    assert code == "ValidationException"
    if message is None:
        assert "Member must have length less than or equal to 25" in msg
    else:
        assert msg == message
    assert "Item" not in table.get_item(Key={"pk": "ok"}, ConsistentRead=True)


def test_batch_errors_for_missing_table_and_limits(client, table):
    with pytest.raises(ClientError) as excinfo:
        client.batch_write_item(
            RequestItems={
                table.name: [{"PutRequest": {"Item": {"pk": {"S": "kept-out"}}}}],
                "no-such-table": [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}],
            }
        )
    assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found")
    assert "Item" not in table.get_item(Key={"pk": "kept-out"}, ConsistentRead=True)
    with pytest.raises(ClientError) as excinfo:
        client.batch_get_item(RequestItems={"no-such-table": {"Keys": [{"pk": {"S": "x"}}]}})
    assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found")
    with pytest.raises(ClientError) as excinfo:
        client.batch_get_item(RequestItems={table.name: {"Keys": [{"pk": {"S": "a"}}, {"pk": {"S": "a"}}]}})
    assert error_of(excinfo) == ("ValidationException", DUPLICATES)
