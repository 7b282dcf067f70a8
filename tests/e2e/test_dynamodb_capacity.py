"""DynamoDB consumed capacity, item collection metrics and index counters with boto3: the
figures AWS computes (1 write unit per KB on the table and on each index a write touches, 1 read
unit per 4 KB, halved for eventually consistent reads, doubled in transactions)."""

import time
import unittest

from harness import ServerTestCase

PAD = "x" * 2000  # an item of about 2 KB: 2 write units, one 4 KB read unit


class DynamoDbCapacityTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.boto3_client("dynamodb")
        cls.ddb.create_table(
            TableName="cap", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "lsk", "AttributeType": "N"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            LocalSecondaryIndexes=[{
                "IndexName": "by-lsk",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                              {"AttributeName": "lsk", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
            GlobalSecondaryIndexes=[{
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}}])

    def put(self, sk, **extra):
        item = {"pk": {"S": "a"}, "sk": {"N": str(sk)}, "lsk": {"N": str(sk * 10)},
                "g": {"S": "x"}, "pad": {"S": PAD}}
        item.update(extra)
        return self.ddb.put_item(TableName="cap", Item=item, ReturnConsumedCapacity="INDEXES",
                                 ReturnItemCollectionMetrics="SIZE")

    def test_write_units_per_index_and_collection_metrics(self):
        out = self.put(1)
        self.assertEqual(out["ConsumedCapacity"], {
            "TableName": "cap", "CapacityUnits": 5.0, "Table": {"CapacityUnits": 2.0},
            "LocalSecondaryIndexes": {"by-lsk": {"CapacityUnits": 1.0}},
            "GlobalSecondaryIndexes": {"by-g": {"CapacityUnits": 2.0}}})
        self.assertEqual(out["ItemCollectionMetrics"], {
            "ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [0.0, 1.0]})
        # The same item again: the index entries do not change, only the table is written.
        again = self.put(1)
        self.assertEqual(again["ConsumedCapacity"]["CapacityUnits"], 2.0)
        self.assertNotIn("GlobalSecondaryIndexes", again["ConsumedCapacity"])
        # Moving the GSI key: a delete and a put there.
        moved = self.put(1, g={"S": "y"})
        self.assertEqual(moved["ConsumedCapacity"]["GlobalSecondaryIndexes"],
                         {"by-g": {"CapacityUnits": 4.0}})
        total = self.ddb.update_item(
            TableName="cap", Key={"pk": {"S": "a"}, "sk": {"N": "1"}},
            UpdateExpression="SET n = :n", ExpressionAttributeValues={":n": {"N": "1"}},
            ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
        self.assertEqual(total, {"TableName": "cap", "CapacityUnits": 4.0})

    def test_read_units(self):
        for sk in (10, 11, 12):
            self.put(sk)
        get = self.ddb.get_item(TableName="cap", Key={"pk": {"S": "a"}, "sk": {"N": "10"}},
                                ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
        self.assertEqual(get["CapacityUnits"], 0.5)
        strong = self.ddb.get_item(TableName="cap", Key={"pk": {"S": "a"}, "sk": {"N": "10"}},
                                   ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(strong["ConsumedCapacity"]["CapacityUnits"], 1.0)
        # Three items of ~2 KB: 6 KB read, two 4 KB units, halved.
        query = self.ddb.query(
            TableName="cap", KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
            ExpressionAttributeValues={":p": {"S": "a"}, ":a": {"N": "10"}, ":b": {"N": "12"}},
            ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
        self.assertEqual(query["CapacityUnits"], 1.0)
        self.assertEqual(query["Table"], {"CapacityUnits": 1.0})
        on_index = self.ddb.query(
            TableName="cap", IndexName="by-lsk", KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "a"}},
            ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
        self.assertIn("by-lsk", on_index["LocalSecondaryIndexes"])
        transaction = self.ddb.transact_get_items(
            TransactItems=[{"Get": {"TableName": "cap",
                                    "Key": {"pk": {"S": "a"}, "sk": {"N": "10"}}}}],
            ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
        self.assertEqual(transaction, [{"TableName": "cap", "CapacityUnits": 2.0}])

    def test_index_reads_count_the_projected_entries(self):
        for sk in range(20):  # 20 items of ~2 KB: 40 KB on the table, a few hundred bytes of keys
            self.ddb.put_item(TableName="cap", Item={
                "pk": {"S": "proj"}, "sk": {"N": str(sk)}, "lsk": {"N": str(sk)},
                "pad": {"S": PAD}})
        key = {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "proj"}},
               "ReturnConsumedCapacity": "INDEXES"}
        table = self.ddb.query(TableName="cap", **key)["ConsumedCapacity"]
        self.assertEqual(table["CapacityUnits"], 5.0)  # 40 KB: ten 4 KB units, halved
        keys_only = self.ddb.query(TableName="cap", IndexName="by-lsk", **key)["ConsumedCapacity"]
        self.assertEqual(keys_only, {"TableName": "cap", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
                                     "LocalSecondaryIndexes": {"by-lsk": {"CapacityUnits": 0.5}}})

    def test_partiql_statements_report_capacity(self):
        insert = self.ddb.execute_statement(
            Statement="INSERT INTO cap VALUE {'pk': 'sql', 'sk': 1, 'lsk': 10, 'g': 'x', 'pad': ?}",
            Parameters=[{"S": PAD}], ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
        self.assertEqual(insert, {  # as PutItem: 2 units on the table, its entry on each index
            "TableName": "cap", "CapacityUnits": 5.0, "Table": {"CapacityUnits": 2.0},
            "LocalSecondaryIndexes": {"by-lsk": {"CapacityUnits": 1.0}},
            "GlobalSecondaryIndexes": {"by-g": {"CapacityUnits": 2.0}}})
        select = self.ddb.execute_statement(
            Statement="SELECT * FROM cap WHERE pk = 'sql' AND sk = 1", ConsistentRead=True,
            ReturnConsumedCapacity="TOTAL")
        self.assertEqual(len(select["Items"]), 1)
        self.assertEqual(select["ConsumedCapacity"], {"TableName": "cap", "CapacityUnits": 1.0})
        update = self.ddb.execute_statement(
            Statement="UPDATE cap SET n = 1 WHERE pk = 'sql' AND sk = 1",
            ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
        self.assertEqual(update, {"TableName": "cap", "CapacityUnits": 4.0})  # KEYS_ONLY unchanged
        batch = self.ddb.batch_execute_statement(
            Statements=[{"Statement": "SELECT * FROM cap WHERE pk = 'sql' AND sk = 1"},
                        {"Statement": "SELECT * FROM cap WHERE pk = 'sql' AND sk = 1"}],
            ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
        self.assertEqual(batch, [{"TableName": "cap", "CapacityUnits": 1.0}])
        reads = self.ddb.execute_transaction(
            TransactStatements=[{"Statement": "SELECT * FROM cap WHERE pk = 'sql' AND sk = 1"}],
            ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
        self.assertEqual(reads, [{"TableName": "cap", "CapacityUnits": 2.0}])
        delete = self.ddb.execute_transaction(
            TransactStatements=[{"Statement": "DELETE FROM cap WHERE pk = 'sql' AND sk = 1"}],
            ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
        self.assertEqual(delete, [{"TableName": "cap", "CapacityUnits": 10.0}])
        self.assertNotIn("ConsumedCapacity", self.ddb.execute_statement(
            Statement="SELECT * FROM cap WHERE pk = 'sql'"))

    def test_overwrites_keep_the_table_counters(self):
        # A plain table (no index, no stream): an overwriting PutItem leaves the old item
        # unparsed and takes its size from the stored text. TTL on, so that an expired item
        # being overwritten is deleted first, as TTL would.
        self.ddb.create_table(
            TableName="plain", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        self.ddb.update_time_to_live(
            TableName="plain", TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})

        def counters():
            table = self.ddb.describe_table(TableName="plain")["Table"]
            return table["ItemCount"], table["TableSizeBytes"]

        self.ddb.put_item(TableName="plain", Item={"pk": {"S": "p"}, "v": {"S": "x" * 100}})
        self.assertEqual(counters(), (1, 2 + 1 + 1 + 100))
        self.ddb.put_item(TableName="plain", Item={"pk": {"S": "p"}, "v": {"S": "y" * 10}})
        self.assertEqual(counters(), (1, 2 + 1 + 1 + 10))
        self.ddb.put_item(TableName="plain", Item={"pk": {"S": "q"}, "n": {"N": "12345"}})
        self.assertEqual(counters(), (2, 14 + 2 + 1 + 1 + 4))  # "12345": 3 bytes + 1
        # Expired an hour ago (ten digits: 6 bytes) and then overwritten: one item, the new one.
        expired = str((int(time.time()) - 3600) // 10 * 10 + 7)  # no trailing zero to drop
        self.ddb.put_item(TableName="plain", Item={"pk": {"S": "q"}, "ttl": {"N": expired}})
        self.assertEqual(counters(), (2, 14 + 2 + 1 + 3 + 6))
        self.assertNotIn("Item", self.ddb.get_item(TableName="plain", Key={"pk": {"S": "q"}}))
        self.ddb.put_item(TableName="plain", Item={"pk": {"S": "q"}})
        self.assertEqual(counters(), (2, 14 + 2 + 1))
        # ALL_OLD still answers the old item.
        old = self.ddb.put_item(TableName="plain", Item={"pk": {"S": "p"}}, ReturnValues="ALL_OLD")
        self.assertEqual(old["Attributes"], {"pk": {"S": "p"}, "v": {"S": "y" * 10}})
        self.assertEqual(counters(), (2, 3 + 3))

    def test_index_counters_in_describe_table(self):
        self.ddb.put_item(TableName="cap", Item={"pk": {"S": "c"}, "sk": {"N": "1"},
                                                 "g": {"S": "only-gsi"}})
        self.ddb.put_item(TableName="cap", Item={"pk": {"S": "c"}, "sk": {"N": "2"}})
        table = self.ddb.describe_table(TableName="cap")["Table"]
        gsi = table["GlobalSecondaryIndexes"][0]
        lsi = table["LocalSecondaryIndexes"][0]
        self.assertLess(gsi["ItemCount"], table["ItemCount"])
        self.assertLess(lsi["ItemCount"], table["ItemCount"])
        self.assertGreater(gsi["IndexSizeBytes"], 0)
        self.assertLess(lsi["IndexSizeBytes"], gsi["IndexSizeBytes"])  # KEYS_ONLY vs ALL


if __name__ == "__main__":
    unittest.main()
