"""TransactWriteItems and TransactGetItems through boto3: the happy paths over
two tables, a cancellation with its CancellationReasons, the idempotent
ClientRequestToken, and the resource's high-level view of the results."""

import uuid
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError
from conftest import error_of

CANCELLED = "Transaction cancelled, please refer cancellation reasons for specific reasons "
MISMATCH = (
    "The request uses the same client token as a previous, but non-identical request. "
    "Do not reuse a client token with different requests, unless the requests are identical."
)




def test_write_then_get_over_two_tables(client, table, other_table):
    client.put_item(TableName=table.name, Item={"pk": {"S": "stock"}, "qty": {"N": "5"}})
    client.put_item(TableName=table.name, Item={"pk": {"S": "old"}})
    out = client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": other_table.name, "Item": {"pk": {"S": "order"}, "sk": {"N": "1"}, "qty": {"N": "2"}},
                     "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Update": {"TableName": table.name, "Key": {"pk": {"S": "stock"}},
                        "UpdateExpression": "SET qty = qty - :n", "ConditionExpression": "qty >= :n",
                        "ExpressionAttributeValues": {":n": {"N": "2"}}}},
            {"Delete": {"TableName": table.name, "Key": {"pk": {"S": "old"}}}},
            {"ConditionCheck": {"TableName": table.name, "Key": {"pk": {"S": "blocked"}},
                                "ConditionExpression": "attribute_not_exists(pk)"}},
        ],
        ReturnConsumedCapacity="TOTAL",
    )
    units = {cc["TableName"]: cc["CapacityUnits"] for cc in out["ConsumedCapacity"]}
    # Two units per transactional write of an item under 1 KB.
    assert units == {table.name: 6.0, other_table.name: 2.0}

    got = client.transact_get_items(
        TransactItems=[
            {"Get": {"TableName": table.name, "Key": {"pk": {"S": "stock"}}}},
            {"Get": {"TableName": table.name, "Key": {"pk": {"S": "old"}}}},
            {"Get": {"TableName": other_table.name, "Key": {"pk": {"S": "order"}, "sk": {"N": "1.0"}},
                     "ProjectionExpression": "#q", "ExpressionAttributeNames": {"#q": "qty"}}},
        ],
        ReturnConsumedCapacity="TOTAL",
    )
    assert got["Responses"] == [{"Item": {"pk": {"S": "stock"}, "qty": {"N": "3"}}}, {}, {"Item": {"qty": {"N": "2"}}}]
    units = {cc["TableName"]: cc["CapacityUnits"] for cc in got["ConsumedCapacity"]}
    # Two units per transactional read of up to 4 KB, a missing item too.
    assert units == {table.name: 4.0, other_table.name: 2.0}


def test_resource_client_round_trip(dynamodb, table):
    client = dynamodb.meta.client
    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table.name, "Item": {"pk": "r", "price": Decimal("9.99"), "tags": {"a", "b"}}}},
            {"Update": {"TableName": table.name, "Key": {"pk": "n"}, "UpdateExpression": "ADD c :one",
                        "ExpressionAttributeValues": {":one": 1}}},
        ]
    )
    got = client.transact_get_items(
        TransactItems=[{"Get": {"TableName": table.name, "Key": {"pk": "r"}}}, {"Get": {"TableName": table.name, "Key": {"pk": "n"}}}]
    )
    assert [r.get("Item") for r in got["Responses"]] == [
        {"pk": "r", "price": Decimal("9.99"), "tags": {"a", "b"}},
        {"pk": "n", "c": Decimal(1)},
    ]


def test_cancellation_reasons(client, table):
    client.put_item(TableName=table.name, Item={"pk": {"S": "alice"}, "balance": {"N": "10"}})
    with pytest.raises(ClientError) as excinfo:
        client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table.name, "Item": {"pk": {"S": "carol"}}}},
                {"Update": {"TableName": table.name, "Key": {"pk": {"S": "alice"}},
                            "UpdateExpression": "SET balance = balance - :amt", "ConditionExpression": "balance >= :amt",
                            "ExpressionAttributeValues": {":amt": {"N": "20"}},
                            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
                {"ConditionCheck": {"TableName": table.name, "Key": {"pk": {"S": "bob"}},
                                    "ConditionExpression": "attribute_exists(pk)"}},
            ]
        )
    code, message = error_of(excinfo)
    assert code == "TransactionCanceledException"
    assert message == CANCELLED + "[None, ConditionalCheckFailed, ConditionalCheckFailed]"
    assert excinfo.value.response["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
         "Item": {"pk": {"S": "alice"}, "balance": {"N": "10"}}},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
    ]
    # Nothing of the transaction was written.
    assert "Item" not in client.get_item(TableName=table.name, Key={"pk": {"S": "carol"}}, ConsistentRead=True)
    assert client.get_item(TableName=table.name, Key={"pk": {"S": "alice"}}, ConsistentRead=True)["Item"]["balance"] == {"N": "10"}


def test_idempotent_token(client, table):
    token = str(uuid.uuid4())

    def increment(by="1"):
        return client.transact_write_items(
            ClientRequestToken=token,
            TransactItems=[{"Update": {"TableName": table.name, "Key": {"pk": {"S": "counter"}},
                                       "UpdateExpression": "ADD n :d", "ExpressionAttributeValues": {":d": {"N": by}}}}],
        )

    increment()
    increment()
    increment()
    item = client.get_item(TableName=table.name, Key={"pk": {"S": "counter"}}, ConsistentRead=True)["Item"]
    assert item["n"] == {"N": "1"}
    with pytest.raises(ClientError) as excinfo:
        increment("2")
    assert error_of(excinfo) == ("IdempotentParameterMismatchException", MISMATCH)


def test_errors(client, table):
    with pytest.raises(ClientError) as excinfo:
        client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table.name, "Item": {"pk": {"S": "a"}}}},
                {"Delete": {"TableName": table.name, "Key": {"pk": {"S": "a"}}}},
            ]
        )
    assert error_of(excinfo) == ("ValidationException", "Transaction request cannot include multiple operations on one item")
    with pytest.raises(ClientError) as excinfo:
        client.transact_get_items(TransactItems=[{"Get": {"TableName": "no-such-table", "Key": {"pk": {"S": "a"}}}}])
    assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found")
    with pytest.raises(ClientError) as excinfo:
        client.transact_write_items(
            TransactItems=[{"Put": {"TableName": table.name, "Item": {"pk": {"S": f"k{i}"}}}} for i in range(101)]
        )
    code, message = error_of(excinfo)
    assert code == "ValidationException"
    assert message.endswith("at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100")
    assert "Item" not in client.get_item(TableName=table.name, Key={"pk": {"S": "k0"}}, ConsistentRead=True)
