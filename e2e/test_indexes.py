"""Secondary indexes through boto3: create_table with a GSI and an LSI, the
resource's Key condition builder on both, a sparse index, projections, and
the index fields of describe_table.

Behaviour and messages are AWS's (CreateTable, DescribeTable and Query API
Reference; "Using Global Secondary Indexes" and "Local secondary indexes"
in the Developer Guide; the ConsistentRead and unknown-index messages as
recorded against the live service, see systemtest/index_query_test.go)."""

import os

import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError
from conftest import error_of

_seq = [0]


@pytest.fixture
def orders(dynamodb):
    """pk S / sk N with GSI byStatus (status S, total N; INCLUDE [note]) and
    LSI byDate (pk, placed S; KEYS_ONLY)."""
    _seq[0] += 1
    name = f"e2e-ix-{os.getpid()}-{_seq[0]}"
    t = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "status", "AttributeType": "S"},
            {"AttributeName": "total", "AttributeType": "N"},
            {"AttributeName": "placed", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[{
            "IndexName": "byStatus",
            "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "total", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]},
        }],
        LocalSecondaryIndexes=[{
            "IndexName": "byDate",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "placed", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }],
        BillingMode="PAY_PER_REQUEST",
    )
    t.wait_until_exists()
    with t.batch_writer() as w:
        for i in range(12):
            item = {"pk": f"c{i % 3}", "sk": i, "placed": f"2024-01-{i + 1:02d}", "note": f"n{i}", "secret": "s"}
            if i % 4 != 3:  # every fourth order has no status: not in byStatus
                item["status"] = "open" if i % 2 == 0 else "shipped"
                item["total"] = 100 - i
            w.put_item(Item=item)
    yield t
    t.delete()



def query_all(table, **kw):
    items, resp = [], table.query(**kw)
    items += resp["Items"]
    while "LastEvaluatedKey" in resp:
        resp = table.query(ExclusiveStartKey=resp["LastEvaluatedKey"], **kw)
        items += resp["Items"]
    return items


def test_query_gsi_with_key_conditions(orders):
    items = query_all(orders, IndexName="byStatus", KeyConditionExpression=Key("status").eq("open"))
    assert [int(it["sk"]) for it in items] == [10, 8, 6, 4, 2, 0]  # ascending total = 100 - sk
    for it in items:
        assert set(it) == {"pk", "sk", "status", "total", "note"}  # projected attributes only
    items = query_all(orders, IndexName="byStatus", Limit=2, ScanIndexForward=False,
                      KeyConditionExpression=Key("status").eq("shipped") & Key("total").between(90, 99))
    assert [int(it["total"]) for it in items] == [99, 95, 91]
    items = query_all(orders, IndexName="byStatus", KeyConditionExpression=Key("status").eq("open"),
                      FilterExpression=Attr("note").begins_with("n1"))
    assert [it["note"] for it in items] == ["n10"]


def test_sparse_index(orders):
    resp = orders.scan(IndexName="byStatus")
    assert resp["Count"] == 9
    assert all("status" in it for it in resp["Items"])
    orders.update_item(Key={"pk": "c0", "sk": 0}, UpdateExpression="REMOVE #s", ExpressionAttributeNames={"#s": "status"})
    assert orders.scan(IndexName="byStatus", Select="COUNT")["Count"] == 8
    orders.put_item(Item={"pk": "c9", "sk": 99, "status": "open", "total": 1})
    items = query_all(orders, IndexName="byStatus", KeyConditionExpression=Key("status").eq("open"))
    assert items[0]["pk"] == "c9" and "c0" not in {it["pk"] for it in items if int(it["sk"]) == 0}


def test_query_lsi(orders):
    items = query_all(orders, IndexName="byDate", KeyConditionExpression=Key("pk").eq("c1") & Key("placed").gte("2024-01-05"))
    assert [it["placed"] for it in items] == ["2024-01-05", "2024-01-08", "2024-01-11"]
    assert set(items[0]) == {"pk", "sk", "placed"}
    # A local index fetches unprojected attributes from the table.
    items = query_all(orders, IndexName="byDate", Select="ALL_ATTRIBUTES", KeyConditionExpression=Key("pk").eq("c1"))
    assert all(it["secret"] == "s" for it in items) and len(items) == 4


def test_index_errors(orders):
    with pytest.raises(ClientError) as e:
        orders.query(IndexName="byStatus", ConsistentRead=True, KeyConditionExpression=Key("status").eq("open"))
    assert error_of(e) == ("ValidationException", "Consistent reads are not supported on global secondary indexes")
    with pytest.raises(ClientError) as e:
        orders.query(IndexName="nope", KeyConditionExpression=Key("status").eq("open"))
    assert error_of(e) == ("ValidationException", "The table does not have the specified index: nope")
    with pytest.raises(ClientError) as e:
        orders.query(IndexName="byStatus", Select="ALL_ATTRIBUTES", KeyConditionExpression=Key("status").eq("open"))
    assert error_of(e) == ("ValidationException", "One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                           "is not supported for global secondary index byStatus because its projection type is not ALL")
    with pytest.raises(ClientError) as e:
        orders.put_item(Item={"pk": "x", "sk": 1, "status": 5})
    assert error_of(e) == ("ValidationException", "One or more parameter values were invalid: Type mismatch for Index Key "
                           "status Expected: S Actual: N IndexName: byStatus")


def test_describe_table_index_fields(client, orders):
    table = client.describe_table(TableName=orders.name)["Table"]
    arn = table["TableArn"]
    (gsi,) = table["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "byStatus"
    assert gsi["IndexArn"] == arn + "/index/byStatus"
    assert gsi["IndexStatus"] == "ACTIVE"
    assert gsi["KeySchema"] == [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "total", "KeyType": "RANGE"}]
    assert gsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]}
    assert gsi["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert gsi["ProvisionedThroughput"]["WriteCapacityUnits"] == 0
    # Older botocore models drop WarmThroughput (systemtest checks it).
    if "WarmThroughput" in gsi:
        assert "Status" in gsi["WarmThroughput"]
    assert isinstance(gsi["ItemCount"], int) and isinstance(gsi["IndexSizeBytes"], int)
    (lsi,) = table["LocalSecondaryIndexes"]
    assert lsi["IndexName"] == "byDate"
    assert lsi["IndexArn"] == arn + "/index/byDate"
    assert lsi["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert isinstance(lsi["ItemCount"], int) and isinstance(lsi["IndexSizeBytes"], int)
    names = sorted(d["AttributeName"] for d in table["AttributeDefinitions"])
    assert names == ["pk", "placed", "sk", "status", "total"]
