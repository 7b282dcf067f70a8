// Unit tests for S3 key encoding (order-preserving within the store's key limit) and listing
// with prefixes, delimiters and pagination.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "emulator/services/s3/listing.h"
#include "emulator/services/s3/object_keys.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/store.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

// A KeyScan over an in-memory sorted map.
KeyScan MapScan(const std::map<std::string, json>& keys) {
  return [&keys](std::string_view after, const KeyVisitor& visit) {
    auto it = after.empty() ? keys.begin() : keys.upper_bound(std::string(after));
    for (; it != keys.end(); ++it) {
      json record = it->second;
      if (!visit(it->first, record)) return;
    }
  };
}

std::map<std::string, json> Keys(const std::vector<std::string>& names) {
  std::map<std::string, json> keys;
  for (const auto& name : names) keys[name] = {{"Key", name}};
  return keys;
}

std::vector<std::string> EntryKeys(const ListPage& page) {
  std::vector<std::string> out;
  for (const auto& entry : page.entries) out.push_back(entry.key);
  return out;
}

TEST(s3_listing, DelimiterGroupsCommonPrefixes) {
  auto keys = Keys({"a.txt", "dir/1", "dir/2", "dir/sub/3", "e/x", "z"});
  ListPage page = ListKeys(MapScan(keys), {"", "/", "", 1000});
  EXPECT_EQ(EntryKeys(page), (std::vector<std::string>{"a.txt", "z"}));
  EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"dir/", "e/"}));
  EXPECT_FALSE(page.truncated);

  page = ListKeys(MapScan(keys), {"dir/", "/", "", 1000});
  EXPECT_EQ(EntryKeys(page), (std::vector<std::string>{"dir/1", "dir/2"}));
  EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"dir/sub/"}));
}

TEST(s3_listing, PaginationCountsPrefixesAndResumes) {
  auto keys = Keys({"a", "b/1", "b/2", "c", "d/1"});
  ListPage first = ListKeys(MapScan(keys), {"", "/", "", 2});
  EXPECT_EQ(EntryKeys(first), (std::vector<std::string>{"a"}));
  EXPECT_EQ(first.common_prefixes, (std::vector<std::string>{"b/"}));
  EXPECT_TRUE(first.truncated);
  EXPECT_EQ(first.last, "b/");
  // Resuming from the v2 position and from a v1 marker that is the common prefix.
  for (const std::string& after : {first.next_after, first.last}) {
    ListPage second = ListKeys(MapScan(keys), {"", "/", after, 2});
    EXPECT_EQ(EntryKeys(second), (std::vector<std::string>{"c"}));
    EXPECT_EQ(second.common_prefixes, (std::vector<std::string>{"d/"}));
    EXPECT_FALSE(second.truncated);
  }
}

TEST(s3_listing, ExactPageIsNotTruncated) {
  auto keys = Keys({"a", "b"});
  ListPage page = ListKeys(MapScan(keys), {"", "", "", 2});
  EXPECT_FALSE(page.truncated);
  page = ListKeys(MapScan(keys), {"", "", "", 1});
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(ListKeys(MapScan(keys), {"", "", "", 0}).entries.size(), 0u);
}

TEST(s3_listing, PrefixAndFilter) {
  std::map<std::string, json> keys = Keys({"a", "p/1", "p/2", "q"});
  keys["p/2"]["IsDeleteMarker"] = true;
  ListPage page = ListKeys(MapScan(keys), {"p/", "", "", 10},
                           [](const json& r) { return !r.value("IsDeleteMarker", false); });
  EXPECT_EQ(EntryKeys(page), (std::vector<std::string>{"p/1"}));
}

TEST(s3_listing, MultiCharacterDelimiter) {
  auto keys = Keys({"x--y--z", "x--w", "xz"});
  ListPage page = ListKeys(MapScan(keys), {"", "--", "", 10});
  EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"x--"}));
  EXPECT_EQ(EntryKeys(page), (std::vector<std::string>{"xz"}));
}

TEST(s3_keys, EncodingFitsAndPreservesOrderAgainstShortKeys) {
  std::string long_a = std::string(400, 'a') + "1";
  std::string long_b = std::string(1024, 'a');
  EXPECT_EQ(EncodeObjectKey("short"), "short");
  EXPECT_LE(EncodeObjectKey(long_b).size(), kShortKeyBytes + 33);
  EXPECT_NE(EncodeObjectKey(long_a), EncodeObjectKey(long_b));
  // Relative to keys outside the run the order is the true one.
  EXPECT_LT(EncodeObjectKey(std::string(320, 'a')), EncodeObjectKey(long_a));
  EXPECT_GT(EncodeObjectKey("b"), EncodeObjectKey(long_a));
  EXPECT_LT(EncodeObjectKey(std::string(319, 'a')), EncodeObjectKey(long_a));
}

// The store-backed scan sorts runs of long keys by their true keys.
TEST(s3_keys, StoreScanOrdersLongKeyRuns) {
  auto store = storage::OpenStore({});
  json bucket = {{"Name", "b"}, {"Account", "000000000000"}, {"Region", "us-east-1"}};
  std::vector<std::string> names;
  std::string base(330, 'k');
  for (char c : std::string("zyxabc")) names.push_back(base + c + std::string(600, c));
  names.push_back(base);
  names.push_back("a");
  names.push_back(std::string(320, 'k') + "zz");  // a long key of another run... same run head
  names.push_back("l");
  {
    auto txn = store->BeginWrite();
    for (const auto& name : names) {
      storage::PutJson(*txn, kObjectsTable, ObjectRowKey(bucket, name), {{"Key", name}});
    }
    txn->Commit();
  }
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  auto txn = store->BeginRead();
  std::vector<std::string> seen;
  ScanObjectRows(*txn, kObjectsTable, BucketPrefix(bucket), "", "",
                 [&](const std::string& key, const json&) {
                   seen.push_back(key);
                   return true;
                 });
  EXPECT_EQ(seen, sorted);
  // Resuming after a long key inside a run.
  for (size_t i = 0; i < sorted.size(); ++i) {
    std::vector<std::string> rest;
    ScanObjectRows(*txn, kObjectsTable, BucketPrefix(bucket), "", sorted[i],
                   [&](const std::string& key, const json&) {
                     rest.push_back(key);
                     return true;
                   });
    EXPECT_EQ(rest, std::vector<std::string>(sorted.begin() + i + 1, sorted.end())) << i;
  }
}

}  // namespace
}  // namespace terrarium::services::s3
