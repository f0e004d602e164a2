"""The scenario Basalt was started for: a `students` table keyed by the number
student_id, as a Terraform aws_dynamodb_table would create it, and CRUD on it
through boto3's resource API, checked step by step in declaration order.
"""

import pytest

STUDENT = {
    "student_id": 3098390,
    "first_name": "Alice",
    "last_name": "Wonderland",
    "grades": [90, 85, 100, 94],
}


@pytest.fixture(scope="module")
def students(dynamodb):
    """The students table, as Terraform creates it: hash key student_id (N),
    provisioned capacity, polled until ACTIVE."""
    table = dynamodb.create_table(
        TableName="students",
        KeySchema=[{"AttributeName": "student_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "student_id", "AttributeType": "N"}],
        ProvisionedThroughput={"ReadCapacityUnits": 20, "WriteCapacityUnits": 20},
    )
    table.wait_until_exists()
    yield dynamodb.Table("students")
    table.delete()
    table.wait_until_not_exists()


def add_item(table, student):
    return table.put_item(Item=student)


def get_item(table, student_id):
    response = table.get_item(Key={"student_id": student_id})
    return response["Item"]


def update_item(table, student):
    return table.update_item(
        Key={"student_id": student["student_id"]},
        UpdateExpression="SET grades = :grades",
        ExpressionAttributeValues={":grades": student["grades"]},
    )


def delete_item(table, student_id):
    return table.delete_item(Key={"student_id": student_id})


def test_table_is_described_like_dynamodb(students):
    assert students.table_status == "ACTIVE"
    assert students.key_schema == [{"AttributeName": "student_id", "KeyType": "HASH"}]
    assert students.attribute_definitions == [{"AttributeName": "student_id", "AttributeType": "N"}]
    assert students.provisioned_throughput["ReadCapacityUnits"] == 20
    assert students.provisioned_throughput["WriteCapacityUnits"] == 20
    assert students.table_arn.endswith(":table/students")
    assert students.item_count == 0


def test_add_item(students):
    res = add_item(students, STUDENT)
    assert res is not None
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_get_item(students):
    res = get_item(students, STUDENT["student_id"])
    assert res is not None
    assert res["first_name"] == STUDENT["first_name"]
    assert res["last_name"] == STUDENT["last_name"]
    assert res["grades"] == STUDENT["grades"]
    assert res["student_id"] == STUDENT["student_id"]


def test_update_item(students):
    updated = {"student_id": 3098390, "grades": [90, 100, 100, 100]}
    res = update_item(students, updated)
    assert res is not None
    res = get_item(students, updated["student_id"])
    assert res["grades"] == updated["grades"]
    assert res["first_name"] == STUDENT["first_name"]


def test_delete_item(students):
    res = delete_item(students, STUDENT["student_id"])
    assert res is not None
    assert "Item" not in students.get_item(Key={"student_id": STUDENT["student_id"]})
