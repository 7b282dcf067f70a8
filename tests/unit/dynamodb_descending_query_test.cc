// Query with ScanIndexForward=false: the same items as the ascending query, reversed, across
// pages and under every sort-key condition; and a page reads only about as many entries as it
// returns, however large the partition (the store is read backwards from the condition's bound).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "emulator/app/registry.h"
#include "emulator/core/wait_hub.h"
#include "emulator/dispatch/dispatcher.h"
#include "emulator/storage/backward_scan.h"
#include "emulator/storage/store.h"

namespace terrarium {
namespace {

using nlohmann::json;

// Counts the entries scans hand out, to show what a request reads.
class CountingStore final : public storage::Store {
 public:
  explicit CountingStore(std::unique_ptr<storage::Store> inner) : inner_(std::move(inner)) {}
  std::unique_ptr<storage::ReadTxn> BeginRead() override {
    return std::make_unique<Txn<storage::ReadTxn>>(inner_->BeginRead(), visited_);
  }
  std::unique_ptr<storage::WriteTxn> BeginWrite() override {
    return std::make_unique<WriteTxn>(inner_->BeginWrite(), visited_);
  }
  storage::BlobStore& Blobs() override { return inner_->Blobs(); }
  const std::filesystem::path& Dir() const override { return inner_->Dir(); }
  bool persistent() const override { return inner_->persistent(); }
  size_t visited() const { return visited_; }
  void Reset() { visited_ = 0; }

 private:
  template <class Interface, class Inner = Interface>
  class Txn : public Interface, public storage::BackwardScan {
   public:
    Txn(std::unique_ptr<Inner> inner, std::atomic<size_t>& visited)
        : inner_(std::move(inner)), visited_(visited) {}
    std::optional<std::string> Get(std::string_view table, std::string_view key) override {
      return inner_->Get(table, key);
    }
    void Scan(std::string_view table, std::string_view prefix, std::string_view start_after,
              const storage::ScanFn& fn) override {
      inner_->Scan(table, prefix, start_after, Counted(fn));
    }
    std::vector<std::string> Tables() override { return inner_->Tables(); }
    void ScanBackward(std::string_view table, std::string_view prefix,
                      std::string_view start_before, const storage::ScanFn& fn) override {
      storage::ScanBackward(*inner_, table, prefix, start_before, Counted(fn));
    }

   protected:
    storage::ScanFn Counted(const storage::ScanFn& fn) {
      return [this, &fn](std::string_view key, std::string_view value) {
        ++visited_;
        return fn(key, value);
      };
    }
    std::unique_ptr<Inner> inner_;
    std::atomic<size_t>& visited_;
  };
  class WriteTxn final : public Txn<storage::WriteTxn> {
   public:
    using Txn::Txn;
    void Put(std::string_view table, std::string_view key, std::string_view value) override {
      inner_->Put(table, key, value);
    }
    bool Erase(std::string_view table, std::string_view key) override {
      return inner_->Erase(table, key);
    }
    void Commit() override { inner_->Commit(); }
  };

  std::unique_ptr<storage::Store> inner_;
  std::atomic<size_t> visited_ = 0;
};

class DynamodbDescendingQueryTest : public ::testing::Test {
 protected:
  DynamodbDescendingQueryTest()
      : store_(storage::OpenStore({})),
        clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))) {
    app::RegisterServices(table_, runtimes_);
    dispatcher_ = std::make_unique<dispatch::Dispatcher>(table_, store_, clock_, waits_);
  }

  json Ddb(const std::string& operation, const json& input) {
    return dispatcher_->Invoke("dynamodb", operation, input);
  }

  void CreateTable(const std::string& name, const std::string& sort_type) {
    Ddb("CreateTable", {{"TableName", name},
                        {"BillingMode", "PAY_PER_REQUEST"},
                        {"AttributeDefinitions",
                         {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
                          {{"AttributeName", "sk"}, {"AttributeType", sort_type}},
                          {{"AttributeName", "g"}, {"AttributeType", "S"}}}},
                        {"KeySchema",
                         {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                          {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
                        {"GlobalSecondaryIndexes",
                         {{{"IndexName", "by-g"},
                           {"KeySchema",
                            {{{"AttributeName", "g"}, {"KeyType", "HASH"}},
                             {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
                           {"Projection", {{"ProjectionType", "ALL"}}}}}}});
  }

  void PutNumbers(const std::string& table, const std::string& pk, int count) {
    for (int i = 0; i < count; ++i) {
      Ddb("PutItem",
          {{"TableName", table},
           {"Item",
            {{"pk", {{"S", pk}}}, {"sk", {{"N", std::to_string(i)}}}, {"g", {{"S", "g-" + pk}}}}}});
    }
  }

  // Every sort key a query returns, following LastEvaluatedKey with pages of `limit`.
  std::vector<std::string> QueryAll(json input, bool forward, int limit) {
    input["ScanIndexForward"] = forward;
    if (limit > 0) input["Limit"] = limit;
    std::vector<std::string> keys;
    for (int page = 0; page < 1000; ++page) {
      json out = Ddb("Query", input);
      for (const json& item : out["Items"]) {
        keys.push_back(item["sk"].contains("N") ? item["sk"]["N"].get<std::string>()
                                                : item["sk"]["S"].get<std::string>());
      }
      if (!out.contains("LastEvaluatedKey")) break;
      input["ExclusiveStartKey"] = out["LastEvaluatedKey"];
    }
    return keys;
  }

  // Checks that the descending query is the ascending one reversed, paged and not.
  void ExpectMirror(const json& input, size_t expected_count) {
    std::vector<std::string> ascending = QueryAll(input, true, 0);
    EXPECT_EQ(ascending.size(), expected_count) << input.dump();
    std::reverse(ascending.begin(), ascending.end());
    EXPECT_EQ(QueryAll(input, false, 0), ascending) << input.dump();
    EXPECT_EQ(QueryAll(input, false, 3), ascending) << input.dump();
  }

  CountingStore store_;
  ManualClock clock_;
  WaitHub waits_;
  app::ServiceRuntimes runtimes_;
  dispatch::OperationTable table_;
  std::unique_ptr<dispatch::Dispatcher> dispatcher_;
};

json NumberQuery(const std::string& condition, json values, const char* index = nullptr) {
  values[":p"] = {{"S", index ? "g-p" : "p"}};
  json input = {{"TableName", "numbers"},
                {"KeyConditionExpression",
                 (index ? "g = :p" : "pk = :p") + (condition.empty() ? "" : " AND " + condition)},
                {"ExpressionAttributeValues", values}};
  if (index != nullptr) input["IndexName"] = index;
  return input;
}

json N(int n) { return {{"N", std::to_string(n)}}; }

TEST_F(DynamodbDescendingQueryTest, MirrorsTheAscendingQueryUnderEveryCondition) {
  CreateTable("numbers", "N");
  PutNumbers("numbers", "o", 5);  // neighbours on both sides of the partition
  PutNumbers("numbers", "p", 40);
  PutNumbers("numbers", "q", 5);
  ExpectMirror(NumberQuery("", json::object()), 40);
  ExpectMirror(NumberQuery("sk < :a", {{":a", N(10)}}), 10);
  ExpectMirror(NumberQuery("sk <= :a", {{":a", N(10)}}), 11);
  ExpectMirror(NumberQuery("sk = :a", {{":a", N(10)}}), 1);
  ExpectMirror(NumberQuery("sk > :a", {{":a", N(30)}}), 9);
  ExpectMirror(NumberQuery("sk >= :a", {{":a", N(30)}}), 10);
  ExpectMirror(NumberQuery("sk BETWEEN :a AND :b", {{":a", N(5)}, {":b", N(25)}}), 21);
  ExpectMirror(NumberQuery("sk BETWEEN :a AND :b", {{":a", N(-5)}, {":b", N(100)}}), 40);
  ExpectMirror(NumberQuery("sk < :a", {{":a", N(0)}}), 0);
  ExpectMirror(NumberQuery("", json::object(), "by-g"), 40);
  ExpectMirror(NumberQuery("sk BETWEEN :a AND :b", {{":a", N(5)}, {":b", N(25)}}, "by-g"), 21);
}

TEST_F(DynamodbDescendingQueryTest, MirrorsLongAndPrefixedStringKeys) {
  CreateTable("strings", "S");
  std::string shared(150, 'k');
  std::vector<std::string> keys = {"a",          "ab",         "abc",        "abd",
                                   "b",          shared,       shared + "a", shared + "b",
                                   shared + "c", shared + "d", "l",          std::string(300, 'z')};
  for (const auto& sk : keys) {
    Ddb("PutItem", {{"TableName", "strings"},
                    {"Item", {{"pk", {{"S", "p"}}}, {"sk", {{"S", sk}}}, {"g", {{"S", "x"}}}}}});
  }
  auto query = [](const std::string& condition, json values) {
    values[":p"] = {{"S", "p"}};
    return json{
        {"TableName", "strings"},
        {"KeyConditionExpression", "pk = :p" + (condition.empty() ? "" : " AND " + condition)},
        {"ExpressionAttributeValues", values}};
  };
  ExpectMirror(query("", json::object()), keys.size());
  ExpectMirror(query("begins_with(sk, :a)", {{":a", {{"S", "ab"}}}}), 3);
  ExpectMirror(query("begins_with(sk, :a)", {{":a", {{"S", shared}}}}), 5);
  ExpectMirror(query("sk < :a", {{":a", {{"S", shared + "c"}}}}), 8);
  ExpectMirror(query("sk <= :a", {{":a", {{"S", shared + "c"}}}}), 9);
  ExpectMirror(query("sk BETWEEN :a AND :b", {{":a", {{"S", shared + "a"}}}, {":b", {{"S", "l"}}}}),
               5);
}

TEST_F(DynamodbDescendingQueryTest, APageReadsWhatItReturnsInEitherDirection) {
  CreateTable("numbers", "N");
  PutNumbers("numbers", "p", 3000);
  PutNumbers("numbers", "q", 10);
  for (bool forward : {true, false}) {
    for (const auto& [condition, values] : std::vector<std::pair<std::string, json>>{
             {"", json::object()},
             {"sk < :a", {{":a", N(1500)}}},
             {"sk > :a", {{":a", N(1500)}}},
             {"sk BETWEEN :a AND :b", {{":a", N(1000)}, {":b", N(2000)}}}}) {
      json input = NumberQuery(condition, values);
      input["ScanIndexForward"] = forward;
      input["Limit"] = 10;
      store_.Reset();
      json out = Ddb("Query", input);
      EXPECT_EQ(out["Count"], 10);
      EXPECT_LE(store_.visited(), 20u) << condition << (forward ? " ascending" : " descending");
    }
  }
}

}  // namespace
}  // namespace terrarium
