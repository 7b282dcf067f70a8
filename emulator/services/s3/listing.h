// One page of a key listing with prefix, delimiter (common prefixes), a start position and a
// page size: the logic behind ListObjects, ListObjectsV2 and ListObjectVersions, independent of
// the store. A common prefix is skipped over by restarting the scan after it, so a page costs
// what it returns, not what the bucket holds.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::services::s3 {

// Visits (key, record) for keys greater than `after` ("" for all) in key order; the visitor
// returns false to stop, and may take the record (move from it).
using KeyVisitor = std::function<bool(const std::string& key, nlohmann::json& record)>;
using KeyScan = std::function<void(std::string_view after, const KeyVisitor& visit)>;

struct ListParams {
  std::string prefix;
  std::string delimiter;
  std::string after;  // marker / start-after / continuation position (exclusive)
  int max_keys = 1000;
};

struct ListEntry {
  std::string key;
  nlohmann::json record;
};

struct ListPage {
  std::vector<ListEntry> entries;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  // The last key or common prefix in the page: where the next page starts after.
  std::string last;
  // The scan position after the page (past a trailing common prefix's keys).
  std::string next_after;
};

// Lists one page. `include` filters records (e.g. leaves out delete markers) before they count.
ListPage ListKeys(const KeyScan& scan, const ListParams& params,
                  const std::function<bool(const nlohmann::json&)>& include = nullptr);

}  // namespace terrarium::services::s3
