"""Time to Live through boto3: UpdateTimeToLive and DescribeTimeToLive, their
states and AWS's errors. Expiry itself needs a short -ttl-interval and is
covered by the Go system tests."""

import pytest
from botocore.exceptions import ClientError

from conftest import error_of


def spec(name, enabled):
    return {"AttributeName": name, "Enabled": enabled}


def test_describe_fresh_table_is_disabled(client, table):
    out = client.describe_time_to_live(TableName=table.name)
    assert out["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}


def test_enable_then_describe(client, table):
    out = client.update_time_to_live(TableName=table.name, TimeToLiveSpecification=spec("expires", True))
    assert out["TimeToLiveSpecification"] == {"AttributeName": "expires", "Enabled": True}
    desc = client.describe_time_to_live(TableName=table.name)["TimeToLiveDescription"]
    assert desc == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}


def test_refused_changes(client, table):
    with pytest.raises(ClientError) as e:
        client.update_time_to_live(TableName=table.name, TimeToLiveSpecification=spec("expires", False))
    assert error_of(e) == ("ValidationException", "TimeToLive is already disabled")

    client.update_time_to_live(TableName=table.name, TimeToLiveSpecification=spec("expires", True))
    with pytest.raises(ClientError) as e:
        client.update_time_to_live(TableName=table.name, TimeToLiveSpecification=spec("expires", True))
    assert error_of(e) == ("ValidationException", "TimeToLive is already enabled")
    with pytest.raises(ClientError) as e:
        client.update_time_to_live(TableName=table.name, TimeToLiveSpecification=spec("other", True))
    assert error_of(e) == (
        "ValidationException",
        "TimeToLive is active on a different AttributeName: current AttributeName is expires",
    )
    # A second change within the hour.
    with pytest.raises(ClientError) as e:
        client.update_time_to_live(TableName=table.name, TimeToLiveSpecification=spec("expires", False))
    assert error_of(e) == ("ValidationException", "Time to live has been modified multiple times within a fixed interval")


def test_missing_table(client):
    for call in (
        lambda: client.update_time_to_live(TableName="no-such-ttl-table", TimeToLiveSpecification=spec("e", True)),
        lambda: client.describe_time_to_live(TableName="no-such-ttl-table"),
    ):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == ("ResourceNotFoundException", "Requested resource not found: Table: no-such-ttl-table not found")

