// One page of a key listing with prefix, delimiter (common prefixes), a start position and a
// page size: the logic behind ListObjects, ListObjectsV2 and ListObjectVersions, independent of
// the store. A common prefix is skipped over by restarting the scan after it, so a page costs
// what it returns, not what the bucket holds.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/services/s3/listed_object.h"

namespace terrarium::services::s3 {

// Visits (key, record) for keys greater than `after` ("" for all) in key order; the visitor
// returns false to stop, and may take the record (move from it). The record is the stored JSON
// (ListObjectVersions) or just what a page shows of it (ListedObject: ListObjects, v2).
template <class Record>
using KeyVisitorOf = std::function<bool(const std::string& key, Record& record)>;
template <class Record>
using KeyScanOf = std::function<void(std::string_view after, const KeyVisitorOf<Record>& visit)>;
using KeyVisitor = KeyVisitorOf<nlohmann::json>;
using KeyScan = KeyScanOf<nlohmann::json>;

struct ListParams {
  std::string prefix;
  std::string delimiter;
  std::string after;  // marker / start-after / continuation position (exclusive)
  int max_keys = 1000;
};

template <class Record>
struct ListEntryOf {
  std::string key;
  Record record;
};

template <class Record>
struct ListPageOf {
  std::vector<ListEntryOf<Record>> entries;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  // The last key or common prefix in the page: where the next page starts after.
  std::string last;
  // The scan position after the page (past a trailing common prefix's keys).
  std::string next_after;
};
using ListEntry = ListEntryOf<nlohmann::json>;
using ListPage = ListPageOf<nlohmann::json>;

// Lists one page. `include` filters records (e.g. leaves out delete markers) before they count.
template <class Record>
ListPageOf<Record> ListKeys(
    const KeyScanOf<Record>& scan, const ListParams& params,
    const std::type_identity_t<std::function<bool(const Record&)>>& include = nullptr);

extern template ListPage ListKeys(const KeyScan&, const ListParams&,
                                  const std::function<bool(const nlohmann::json&)>&);
extern template ListPageOf<ListedObject> ListKeys(const KeyScanOf<ListedObject>&, const ListParams&,
                                                  const std::function<bool(const ListedObject&)>&);

}  // namespace terrarium::services::s3
