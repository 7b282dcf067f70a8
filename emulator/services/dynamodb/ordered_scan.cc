// Ordered reads of items and index entries (declared in table_store.h). The store's byte order is
// DynamoDB's order except inside a run of entries whose long sort keys were truncated alike
// (key_codec.h): such a run is gathered and sorted by value before it is visited.
#include <algorithm>
#include <optional>

#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/key_codec.h"
#include "emulator/services/dynamodb/table_store.h"
#include "emulator/storage/backward_scan.h"

namespace terrarium::services::dynamodb {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;

struct OrderedRunEntry {
  std::string key;
  std::string text;
  Json range_value;
};

// Entries of one run, as the store holds them, and how to order them.
class Runs {
 public:
  Runs(size_t table_prefix_bytes, const std::string& range_name)
      : table_prefix_bytes_(table_prefix_bytes), range_name_(range_name) {}

  // The key prefix the run of `key` shares (up to the truncation mark), if `key` is in one.
  std::optional<std::string> RunOf(std::string_view key) const {
    if (range_name_.empty() || key.size() <= table_prefix_bytes_) return std::nullopt;
    std::string_view rest = key.substr(table_prefix_bytes_);
    size_t hash_len = PartLength(rest);
    std::string_view range = rest.substr(hash_len);
    if (!IsTruncatedRange(range)) return std::nullopt;
    return std::string(key.substr(0, table_prefix_bytes_ + hash_len + range.find("\x00\x03"sv)));
  }

  // An entry of a run: its store key, its text and its sort-key value.
  OrderedRunEntry Entry(std::string_view key, std::string_view text) const {
    return {std::string(key), std::string(text), Json::parse(text).at(range_name_)};
  }

  // Sorts a run by sort-key value, ties in store order (so `run` must come in store order).
  static void Sort(std::vector<OrderedRunEntry>& run) {
    std::stable_sort(run.begin(), run.end(),
                     [&](const OrderedRunEntry& a, const OrderedRunEntry& b) {
                       auto order = CompareScalars(a.range_value, b.range_value);
                       return order && *order < 0;
                     });
  }

 private:
  size_t table_prefix_bytes_;
  const std::string& range_name_;
};

}  // namespace

void ScanOrdered(storage::ReadTxn& txn, std::string_view store_table, std::string_view prefix,
                 std::string_view start_after, size_t table_prefix_bytes,
                 const std::string& range_name, const ItemVisitor& visit) {
  Runs runs(table_prefix_bytes, range_name);
  // A start inside a run: read the run from its beginning and skip up to the start.
  std::string resume;
  std::string scan_start(start_after);
  if (auto group = runs.RunOf(start_after)) {
    resume = std::string(start_after);
    scan_start = *group;
  }
  std::string run_key;
  std::vector<OrderedRunEntry> run;
  bool stopped = false;
  auto flush = [&] {
    runs.Sort(run);
    size_t first = 0;
    for (size_t i = 0; !resume.empty() && i < run.size(); ++i) {
      if (run[i].key == resume) first = i + 1;
    }
    resume.clear();
    for (size_t i = first; i < run.size(); ++i) {
      if (!visit(run[i].key, run[i].text)) {
        stopped = true;
        break;
      }
    }
    run.clear();
    run_key.clear();
  };
  txn.Scan(store_table, prefix, scan_start, [&](std::string_view key, std::string_view value) {
    if (auto group = runs.RunOf(key)) {
      if (*group != run_key && !run.empty()) flush();
      if (stopped) return false;
      run_key = std::move(*group);
      run.push_back(runs.Entry(key, value));
      return true;
    }
    if (!run.empty()) flush();
    if (stopped) return false;
    if (!resume.empty()) return true;  // before the run we resume in (already visited)
    return visit(key, value);
  });
  if (!run.empty() && !stopped) flush();
}

void ScanOrderedBackward(storage::ReadTxn& txn, std::string_view store_table,
                         std::string_view prefix, std::string_view start_before,
                         size_t table_prefix_bytes, const std::string& range_name,
                         const ItemVisitor& visit) {
  Runs runs(table_prefix_bytes, range_name);
  // A start inside a run: read the run from its end (0x00 0x04 follows every 0x00 0x03 key of
  // the run and precedes anything larger) and skip down to the start.
  std::string resume;
  std::string scan_start(start_before);
  if (auto group = runs.RunOf(start_before)) {
    resume = std::string(start_before);
    scan_start = *group + "\x00\x04"s;
  }
  std::string run_key;
  std::vector<OrderedRunEntry> run;  // in reverse store order while gathered
  bool stopped = false;
  auto flush = [&] {
    std::reverse(run.begin(), run.end());
    runs.Sort(run);
    size_t end = run.size();
    for (size_t i = run.size(); !resume.empty() && i-- > 0;) {
      if (run[i].key == resume) end = i;
    }
    resume.clear();
    for (size_t i = end; i-- > 0;) {
      if (!visit(run[i].key, run[i].text)) {
        stopped = true;
        break;
      }
    }
    run.clear();
    run_key.clear();
  };
  storage::ScanBackward(txn, store_table, prefix, scan_start,
                        [&](std::string_view key, std::string_view value) {
                          if (auto group = runs.RunOf(key)) {
                            if (*group != run_key && !run.empty()) flush();
                            if (stopped) return false;
                            run_key = std::move(*group);
                            run.push_back(runs.Entry(key, value));
                            return true;
                          }
                          if (!run.empty()) flush();
                          if (stopped) return false;
                          return visit(key, value);
                        });
  if (!run.empty() && !stopped) flush();
}

}  // namespace terrarium::services::dynamodb
