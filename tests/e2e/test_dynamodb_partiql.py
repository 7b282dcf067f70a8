"""DynamoDB PartiQL end to end: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction."""

import unittest

from botocore.exceptions import ClientError

from harness import ServerTestCase


class DynamoDbPartiqlTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.boto3_client("dynamodb")
        cls.ddb.create_table(
            TableName="pqt", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}])

    def run_sql(self, statement, *params, **kw):
        if params:
            kw["Parameters"] = list(params)
        return self.ddb.execute_statement(Statement=statement, **kw)

    def test_insert_select_update_delete(self):
        self.run_sql("INSERT INTO pqt VALUE {'pk': 'a', 'sk': 1, 'tags': <<'x', 'y'>>, 'm': {'k': [1, true]}}")
        self.run_sql('INSERT INTO "pqt" VALUE {\'pk\': ?, \'sk\': ?}', {"S": "a"}, {"N": "2"})
        with self.assertRaises(ClientError) as err:
            self.run_sql("INSERT INTO pqt VALUE {'pk': 'a', 'sk': 1}")
        self.assertEqual(err.exception.response["Error"]["Code"], "DuplicateItemException")
        out = self.run_sql("SELECT * FROM pqt WHERE pk = 'a' AND sk > 0")
        self.assertEqual([i["sk"]["N"] for i in out["Items"]], ["1", "2"])
        self.assertEqual(out["Items"][0]["tags"], {"SS": ["x", "y"]})
        out = self.run_sql("SELECT sk FROM pqt WHERE pk = ? AND m.k[1] = true", {"S": "a"})
        self.assertEqual(out["Items"], [{"sk": {"N": "1"}}])
        self.run_sql("UPDATE pqt SET n = 5 SET s = 'hi' WHERE pk = 'a' AND sk = 2")
        out = self.run_sql("SELECT * FROM pqt WHERE pk = 'a' AND sk = 2")
        self.assertEqual(out["Items"][0]["n"], {"N": "5"})
        with self.assertRaises(ClientError) as err:
            self.run_sql("UPDATE pqt SET n = 6 WHERE pk = 'a' AND sk = 2 AND n = 4")
        self.assertEqual(err.exception.response["Error"]["Code"], "ConditionalCheckFailedException")
        self.run_sql("DELETE FROM pqt WHERE pk = 'a' AND sk = 2")
        out = self.run_sql("SELECT * FROM pqt WHERE pk = 'a'")
        self.assertEqual(len(out["Items"]), 1)

    def test_pagination_and_errors(self):
        for i in range(5):
            self.run_sql("INSERT INTO pqt VALUE {'pk': 'page', 'sk': ?}", {"N": str(i)})
        seen, token = [], None
        while True:
            kw = {"NextToken": token} if token else {}
            out = self.run_sql("SELECT sk FROM pqt WHERE pk = 'page'", Limit=2, **kw)
            seen += [i["sk"]["N"] for i in out["Items"]]
            token = out.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, ["0", "1", "2", "3", "4"])
        with self.assertRaises(ClientError) as err:
            self.run_sql("SELECT * FROM pqt WHERE pk = ?")
        self.assertEqual(err.exception.response["Error"]["Message"],
                         "Number of parameters in request and statement don't match.")
        with self.assertRaises(ClientError) as err:
            self.run_sql("SELEC * FROM pqt")
        self.assertIn("Statement wasn't well formed", err.exception.response["Error"]["Message"])

    def test_batch_and_transaction(self):
        out = self.ddb.batch_execute_statement(Statements=[
            {"Statement": "INSERT INTO pqt VALUE {'pk': 'b', 'sk': 1}"},
            {"Statement": "INSERT INTO pqt VALUE {'pk': 'b', 'sk': 1}"},
            {"Statement": "SELECT * FROM pqt WHERE pk = 'b' AND sk = 1"}])
        responses = out["Responses"]
        self.assertNotIn("Error", responses[0])
        self.assertEqual(responses[1]["Error"]["Code"], "DuplicateItem")
        self.assertEqual(responses[2]["Item"]["pk"], {"S": "b"})
        with self.assertRaises(ClientError) as err:
            self.ddb.execute_transaction(TransactStatements=[
                {"Statement": "INSERT INTO pqt VALUE {'pk': 't', 'sk': 1}"},
                {"Statement": "UPDATE pqt SET x = 1 WHERE pk = 'missing' AND sk = 1"}])
        self.assertEqual(err.exception.response["Error"]["Code"], "TransactionCanceledException")
        self.assertEqual([r["Code"] for r in err.exception.response["CancellationReasons"]],
                         ["None", "ConditionalCheckFailed"])
        out = self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "SELECT * FROM pqt WHERE pk = 't' AND sk = 1"}])
        self.assertEqual(out["Responses"], [{}])


if __name__ == "__main__":
    unittest.main()
