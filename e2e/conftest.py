"""Shared fixtures: one Basalt server for the whole pytest session.

The server is the built binary named by $BASALT_BIN, run in memory on a free
loopback port; the tests reach it through boto3 exactly as they would reach
DynamoDB, with dummy credentials and an endpoint_url.
"""

import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "AKIDBASALTE2E", "aws_secret_access_key": "basalt-e2e-secret"}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url, proc, log_path, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            with open(log_path) as f:
                raise RuntimeError(f"basalt exited with {proc.returncode} before it was ready:\n{f.read()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"basalt at {url} not ready after {timeout}s")


@pytest.fixture(scope="session")
def endpoint_url():
    """Start $BASALT_BIN in memory on a free port; stop it after the session."""
    binary = os.environ.get("BASALT_BIN")
    if not binary:
        pytest.fail("set BASALT_BIN to the built server (go build -o tmp/basalt ./cmd/basalt)")
    addr = f"127.0.0.1:{_free_port()}"
    log = tempfile.NamedTemporaryFile(prefix="basalt-e2e-", suffix=".log", delete=False)
    proc = subprocess.Popen([binary, "-in-memory", "-addr", addr], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{addr}"
    try:
        _wait_ready(url, proc, log.name)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        os.unlink(log.name)


def _config():
    # No retries: every error reaches the assertion as the server sent it.
    return Config(retries={"total_max_attempts": 1, "mode": "standard"})


@pytest.fixture(scope="session")
def dynamodb(endpoint_url):
    """A boto3 DynamoDB resource pointed at Basalt."""
    return boto3.resource("dynamodb", endpoint_url=endpoint_url, region_name=REGION, config=_config(), **CREDENTIALS)


@pytest.fixture(scope="session")
def client(endpoint_url):
    """A low-level boto3 DynamoDB client pointed at Basalt."""
    return boto3.client("dynamodb", endpoint_url=endpoint_url, region_name=REGION, config=_config(), **CREDENTIALS)


_counter = [0]


@pytest.fixture
def table(dynamodb):
    """A fresh on-demand table keyed by the string pk, deleted afterwards."""
    _counter[0] += 1
    name = f"e2e-items-{os.getpid()}-{_counter[0]}"
    t = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    t.wait_until_exists()
    yield t
    t.delete()


@pytest.fixture
def other_table(dynamodb):
    """A second fresh table, keyed by the string pk and the number sk."""
    _counter[0] += 1
    name = f"e2e-other-{os.getpid()}-{_counter[0]}"
    t = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    t.wait_until_exists()
    yield t
    t.delete()


def error_of(excinfo):
    """The (code, message) of the ClientError pytest.raises caught."""
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]
