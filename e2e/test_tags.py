"""Tagging through boto3: TagResource, UntagResource, ListTagsOfResource."""

import pytest
from botocore.exceptions import ClientError

from conftest import error_of


def _arn(client, table):
    return client.describe_table(TableName=table.name)["Table"]["TableArn"]


def _tags(client, arn):
    got = client.list_tags_of_resource(ResourceArn=arn)
    assert "NextToken" not in got
    return {t["Key"]: t["Value"] for t in got["Tags"]}


def test_tag_untag_list(client, table):
    arn = _arn(client, table)
    assert _tags(client, arn) == {}
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"}, {"Key": " ", "Value": "9"}])
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"}])
    assert _tags(client, arn) == {"env": "dev", " ": "9"}
    client.untag_resource(ResourceArn=arn, TagKeys=["env", "not-there"])
    assert _tags(client, arn) == {" ": "9"}


def test_tag_limit(client, table):
    arn = _arn(client, table)
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": str(i), "Value": str(i)} for i in range(30)])
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": str(i), "Value": str(i)} for i in range(20, 50)])
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn, Tags=[{"Key": str(i), "Value": str(i)} for i in range(50, 60)])
    assert error_of(e) == ("ValidationException", "Number of Tags exceed the current limit for the provided ResourceArn")
    assert len(_tags(client, arn)) == 50


@pytest.mark.parametrize(
    "tag,message",
    [
        ({"Key": "aws:x", "Value": "v"}, "Tag Key cannot be prefixed with aws:, Key: aws:x"),
        ({"Key": "ok", "Value": "#!"}, "The Tag Value provided is invalid, Value: #!"),
        ({"Key": "k" * 129, "Value": "v"}, "The Tag Key provided is invalid, Key: " + "k" * 129),
    ],
)
def test_invalid_tag(client, table, tag, message):
    arn = _arn(client, table)
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn, Tags=[{"Key": "good", "Value": "v"}, tag])
    assert error_of(e) == ("ValidationException", message)
    assert _tags(client, arn) == {}


def test_empty_tag_list(client, table):
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=_arn(client, table), Tags=[])
    assert error_of(e) == ("ValidationException", "Atleast one Tag needs to be provided as Input.")


def test_bad_and_missing_arns(client, table):
    arn = _arn(client, table)
    with pytest.raises(ClientError) as e:
        client.list_tags_of_resource(ResourceArn="I_do_not_exist")
    assert error_of(e) == (
        "ValidationException",
        "One or more parameter values were invalid: ARNs must start with 'arn:': I_do_not_exist",
    )
    missing = arn[: -len(table.name)] + "no-such-table"
    with pytest.raises(ClientError) as e:
        client.list_tags_of_resource(ResourceArn=missing)
    assert error_of(e) == ("ResourceNotFoundException", f"Requested resource not found: ResourcArn: {missing} not found")
    with pytest.raises(ClientError) as e:
        client.tag_resource(ResourceArn=arn + "/index/gsi", Tags=[{"Key": "a", "Value": "b"}])
    assert error_of(e)[0] == "ValidationException"


def test_tags_at_creation(dynamodb, client):
    t = dynamodb.create_table(
        TableName="e2e-tags-create",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        Tags=[{"Key": "a", "Value": "1"}],
    )
    try:
        assert _tags(client, _arn(client, t)) == {"a": "1"}
    finally:
        t.delete()
    with pytest.raises(ClientError) as e:
        dynamodb.create_table(
            TableName="e2e-tags-toomany",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            Tags=[{"Key": str(i), "Value": str(i)} for i in range(51)],
        )
    assert error_of(e) == ("ValidationException", "Number of Tags exceed the current limit for the provided ResourceArn")
