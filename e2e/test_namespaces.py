"""Regions and ARNs through boto3: each region its own tables, and a table's
ARN accepted wherever a table name is."""

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import CREDENTIALS, _config, error_of


def _client_in(endpoint_url, region):
    return boto3.client("dynamodb", endpoint_url=endpoint_url, region_name=region, config=_config(), **CREDENTIALS)


def test_regions_have_their_own_tables(endpoint_url, client, table):
    west = _client_in(endpoint_url, "eu-west-1")
    assert table.name not in west.list_tables()["TableNames"]
    with pytest.raises(ClientError) as e:
        west.describe_table(TableName=table.name)
    assert error_of(e) == ("ResourceNotFoundException", f"Requested resource not found: Table: {table.name} not found")

    west.create_table(
        TableName=table.name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        west.get_waiter("table_exists").wait(TableName=table.name)
        desc = west.describe_table(TableName=table.name)["Table"]
        assert desc["TableArn"] == f"arn:aws:dynamodb:eu-west-1:000000000000:table/{table.name}"
        west.put_item(TableName=table.name, Item={"id": {"N": "1"}, "where": {"S": "west"}})
        table.put_item(Item={"pk": "1", "where": "east"})
        assert west.get_item(TableName=table.name, Key={"id": {"N": "1"}})["Item"]["where"] == {"S": "west"}
        assert table.get_item(Key={"pk": "1"})["Item"]["where"] == "east"
    finally:
        west.delete_table(TableName=table.name)
    assert table.get_item(Key={"pk": "1"})["Item"]["where"] == "east"


def test_table_arn_as_table_name(dynamodb, client, table):
    arn = client.describe_table(TableName=table.name)["Table"]["TableArn"]
    by_arn = dynamodb.Table(arn)
    by_arn.put_item(Item={"pk": "a", "n": 1})
    by_arn.update_item(Key={"pk": "a"}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": 1})
    assert table.get_item(Key={"pk": "a"})["Item"]["n"] == 2
    assert by_arn.scan()["Count"] == 1
    with by_arn.batch_writer() as w:
        w.put_item(Item={"pk": "b"})
    got = client.batch_get_item(RequestItems={arn: {"Keys": [{"pk": {"S": "a"}}, {"pk": {"S": "b"}}]}})
    assert sorted(i["pk"]["S"] for i in got["Responses"][arn]) == ["a", "b"]
    assert client.describe_time_to_live(TableName=arn)["TimeToLiveDescription"]["TimeToLiveStatus"] == "DISABLED"
    by_arn.delete_item(Key={"pk": "a"})
    assert "Item" not in table.get_item(Key={"pk": "a"})


def test_table_arn_of_another_account_is_denied(client, table):
    arn = client.describe_table(TableName=table.name)["Table"]["TableArn"].replace("000000000000", "123456789012")
    with pytest.raises(ClientError) as e:
        client.get_item(TableName=arn, Key={"pk": {"S": "a"}})
    assert error_of(e) == (
        "AccessDeniedException",
        "User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:GetItem on resource: "
        f"{arn} because no resource-based policy allows the dynamodb:GetItem action",
    )
