"""Items through boto3: typed values, conditional writes, update expressions
and DynamoDB's errors as botocore's ClientError carries them."""

from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr
from boto3.dynamodb.types import Binary
from botocore.exceptions import ClientError


def error_of(excinfo):
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]


def test_typed_values_round_trip(table):
    item = {
        "pk": "typed",
        "decimal": Decimal("1.50"),
        "integer": 12345678901234567890123456789012345678,
        "negative": Decimal("-0.001"),
        "text": "héllo ✓",
        "empty": "",
        "flag": True,
        "nothing": None,
        "blob": Binary(b"\x00\x01\xfe\xff"),
        "strings": {"a", "b"},
        "numbers": {Decimal("1"), Decimal("2.5")},
        "blobs": {Binary(b"x"), Binary(b"y")},
        "list": [1, "two", [3], {"four": 4}],
        "map": {"nested": {"deeper": ["x", {"y": Decimal("0.5")}]}, "empty_list": [], "empty_map": {}},
    }
    table.put_item(Item=item)
    got = table.get_item(Key={"pk": "typed"}, ConsistentRead=True)["Item"]
    expected = dict(item)
    expected["decimal"] = Decimal("1.5")  # numbers come back normalised
    assert got == expected
    assert isinstance(got["integer"], Decimal)
    assert got["blob"] == Binary(b"\x00\x01\xfe\xff")


def test_low_level_wire_types(client, table):
    client.put_item(
        TableName=table.name,
        Item={"pk": {"S": "raw"}, "n": {"N": "0012.50"}, "ns": {"NS": ["1.0", "2"]}, "b": {"B": b"\x01"}},
    )
    got = client.get_item(TableName=table.name, Key={"pk": {"S": "raw"}}, ConsistentRead=True)["Item"]
    assert got["n"] == {"N": "12.5"}
    assert sorted(got["ns"]["NS"]) == ["1", "2"]
    assert got["b"] == {"B": b"\x01"}


def test_conditional_put_creates_once(table):
    table.put_item(Item={"pk": "once", "v": 1}, ConditionExpression=Attr("pk").not_exists())
    with pytest.raises(ClientError) as excinfo:
        table.put_item(Item={"pk": "once", "v": 2}, ConditionExpression=Attr("pk").not_exists())
    assert error_of(excinfo) == ("ConditionalCheckFailedException", "The conditional request failed")
    assert table.get_item(Key={"pk": "once"}, ConsistentRead=True)["Item"]["v"] == 1


def test_optimistic_locking_with_update(table):
    table.put_item(Item={"pk": "doc", "version": 1, "body": "v1"})
    res = table.update_item(
        Key={"pk": "doc"},
        UpdateExpression="SET body = :body, version = version + :one",
        ConditionExpression="version = :expected",
        ExpressionAttributeValues={":body": "v2", ":one": 1, ":expected": 1},
        ReturnValues="ALL_NEW",
    )
    assert res["Attributes"] == {"pk": "doc", "version": 2, "body": "v2"}
    with pytest.raises(ClientError) as excinfo:
        table.update_item(
            Key={"pk": "doc"},
            UpdateExpression="SET body = :body",
            ConditionExpression="version = :expected",
            ExpressionAttributeValues={":body": "stale", ":expected": 1},
        )
    assert error_of(excinfo) == ("ConditionalCheckFailedException", "The conditional request failed")
    assert table.get_item(Key={"pk": "doc"}, ConsistentRead=True)["Item"]["body"] == "v2"


def test_condition_builders(table):
    table.put_item(Item={"pk": "c", "n": 5, "s": "hello", "tags": {"x", "y"}, "m": {"a": [1, 2, 3]}})
    ok = [
        Attr("n").between(4, 6),
        Attr("s").begins_with("he") & Attr("tags").contains("x"),
        Attr("n").is_in([1, 5]) | Attr("missing").exists(),
        ~Attr("n").eq(4),
        Attr("m.a[1]").eq(2),
        Attr("s").size().eq(5),
        Attr("n").attribute_type("N"),
    ]
    for cond in ok:
        table.put_item(Item={"pk": "c", "n": 5, "s": "hello", "tags": {"x", "y"}, "m": {"a": [1, 2, 3]}}, ConditionExpression=cond)
    with pytest.raises(ClientError) as excinfo:
        table.delete_item(Key={"pk": "c"}, ConditionExpression=Attr("n").gt(5))
    assert error_of(excinfo)[0] == "ConditionalCheckFailedException"


def test_update_expressions(table):
    table.put_item(Item={"pk": "u", "count": 1, "items": ["a"], "tags": {"x"}, "stale_tags": {"x", "z"}, "gone": "bye", "m": {"k": "v"}})
    res = table.update_item(
        Key={"pk": "u"},
        UpdateExpression="SET #items = list_append(#items, :more), m.k2 = :v2, fresh = if_not_exists(fresh, :zero) "
        "REMOVE gone ADD #count :two, tags :t DELETE stale_tags :x",
        ExpressionAttributeNames={"#items": "items", "#count": "count"},
        ExpressionAttributeValues={":more": ["b", "c"], ":v2": "v2", ":zero": 0, ":two": 2, ":t": {"y"}, ":x": {"x"}},
        ReturnValues="UPDATED_NEW",
    )
    assert res["Attributes"] == {
        "items": ["a", "b", "c"],
        "m": {"k2": "v2"},
        "fresh": 0,
        "count": 3,
        "tags": {"x", "y"},
        "stale_tags": {"z"},
    }
    got = table.get_item(Key={"pk": "u"}, ConsistentRead=True)["Item"]
    assert got == {
        "pk": "u",
        "count": 3,
        "items": ["a", "b", "c"],
        "tags": {"x", "y"},
        "stale_tags": {"z"},
        "m": {"k": "v", "k2": "v2"},
        "fresh": 0,
    }


def test_atomic_counter_creates_item(table):
    for _ in range(3):
        table.update_item(Key={"pk": "counter"}, UpdateExpression="ADD hits :one", ExpressionAttributeValues={":one": 1})
    assert table.get_item(Key={"pk": "counter"}, ConsistentRead=True)["Item"] == {"pk": "counter", "hits": 3}


def test_projection_and_return_values(table):
    table.put_item(Item={"pk": "p", "a": 1, "b": {"c": 2, "d": 3}, "name": "reserved"})
    got = table.get_item(
        Key={"pk": "p"}, ProjectionExpression="a, b.c, #n", ExpressionAttributeNames={"#n": "name"}
    )["Item"]
    assert got == {"a": 1, "b": {"c": 2}, "name": "reserved"}
    old = table.put_item(Item={"pk": "p"}, ReturnValues="ALL_OLD")["Attributes"]
    assert old == {"pk": "p", "a": 1, "b": {"c": 2, "d": 3}, "name": "reserved"}
    gone = table.delete_item(Key={"pk": "p"}, ReturnValues="ALL_OLD")["Attributes"]
    assert gone == {"pk": "p"}


def test_consumed_capacity(table):
    res = table.put_item(Item={"pk": "cap", "d": "x" * 100}, ReturnConsumedCapacity="TOTAL")
    assert res["ConsumedCapacity"] == {"TableName": table.name, "CapacityUnits": 1.0}
    res = table.get_item(Key={"pk": "cap"}, ReturnConsumedCapacity="TOTAL")
    assert res["ConsumedCapacity"]["CapacityUnits"] == 0.5
    res = table.get_item(Key={"pk": "cap"}, ConsistentRead=True, ReturnConsumedCapacity="INDEXES")
    assert res["ConsumedCapacity"]["CapacityUnits"] == 1.0
    assert res["ConsumedCapacity"]["Table"] == {"CapacityUnits": 1.0}


@pytest.mark.parametrize(
    "call, code, message",
    [
        (
            lambda t: t.get_item(Key={"pk": 1}),
            "ValidationException",
            "The provided key element does not match the schema",
        ),
        (
            lambda t: t.put_item(Item={"other": "x"}),
            "ValidationException",
            "One or more parameter values were invalid: Missing the key pk in the item",
        ),
        (
            lambda t: t.put_item(Item={"pk": ""}),
            "ValidationException",
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
        ),
        (
            lambda t: t.put_item(Item={"pk": "x", "n": Decimal("1e126")}),
            "ValidationException",
            "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ),
        (
            lambda t: t.update_item(Key={"pk": "x"}, UpdateExpression="SET a = :a", ExpressionAttributeValues={":a": 1, ":b": 2}),
            "ValidationException",
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}",
        ),
        (
            lambda t: t.update_item(Key={"pk": "x"}, UpdateExpression="SET a = :a"),
            "ValidationException",
            "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :a",
        ),
        (
            lambda t: t.update_item(Key={"pk": "x"}, UpdateExpression="SET pk = :a", ExpressionAttributeValues={":a": "y"}),
            "ValidationException",
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
        ),
        (
            lambda t: t.put_item(Item={"pk": "x"}, ConditionExpression="name = :v", ExpressionAttributeValues={":v": 1}),
            "ValidationException",
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name",
        ),
        (
            lambda t: t.put_item(Item={"pk": "x"}, ReturnValues="ALL_NEW"),
            "ValidationException",
            "ReturnValues can only be ALL_OLD or NONE",
        ),
    ],
    ids=[
        "wrong key type",
        "missing key",
        "empty key",
        "number overflow",
        "unused value",
        "undefined value",
        "update key",
        "reserved word",
        "put return values",
    ],
)
def test_errors(table, call, code, message):
    with pytest.raises(ClientError) as excinfo:
        call(table)
    assert error_of(excinfo) == (code, message)


def test_table_errors(dynamodb, client, table):
    with pytest.raises(ClientError) as excinfo:
        client.describe_table(TableName="no-such-table")
    assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found: Table: no-such-table not found")
    with pytest.raises(ClientError) as excinfo:
        dynamodb.Table("no-such-table").get_item(Key={"pk": "x"})
    assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found")
    with pytest.raises(ClientError) as excinfo:
        client.create_table(
            TableName=table.name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    assert error_of(excinfo) == ("ResourceInUseException", f"Table already exists: {table.name}")
    assert table.name in client.list_tables()["TableNames"]
