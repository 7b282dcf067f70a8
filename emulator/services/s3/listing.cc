#include "emulator/services/s3/listing.h"

#include "emulator/services/s3/object_keys.h"

namespace terrarium::services::s3 {

template <class Record>
ListPageOf<Record> ListKeys(
    const KeyScanOf<Record>& scan, const ListParams& params,
    const std::type_identity_t<std::function<bool(const Record&)>>& include) {
  ListPageOf<Record> page;
  if (params.max_keys <= 0) return page;
  const std::string& prefix = params.prefix;
  std::string after = params.after;
  // A marker that is a common prefix (v1's NextMarker) resumes after everything it rolls up.
  if (!params.delimiter.empty() && after.starts_with(prefix) && after.size() > prefix.size() &&
      after.ends_with(params.delimiter) &&
      after.find(params.delimiter, prefix.size()) == after.size() - params.delimiter.size()) {
    after = PrefixSuccessor(after);
  }
  size_t count = 0;
  bool restart = true;
  while (restart) {
    restart = false;
    scan(after, [&](const std::string& key, Record& record) {
      if (!key.starts_with(prefix)) return key < prefix;  // before the prefix: keep going
      if (include && !include(record)) return true;
      std::string common;
      if (!params.delimiter.empty()) {
        auto pos = key.find(params.delimiter, prefix.size());
        if (pos != std::string::npos) common = key.substr(0, pos + params.delimiter.size());
      }
      if (count == static_cast<size_t>(params.max_keys)) {
        page.truncated = true;
        return false;
      }
      ++count;
      if (!common.empty()) {
        page.common_prefixes.push_back(common);
        page.last = common;
        after = PrefixSuccessor(common);
        page.next_after = after;
        restart = true;
        return false;
      }
      page.entries.push_back({key, std::move(record)});
      page.last = key;
      after = key;
      page.next_after = key;
      return true;
    });
  }
  return page;
}

template ListPage ListKeys(const KeyScan&, const ListParams&,
                           const std::function<bool(const nlohmann::json&)>&);
template ListPageOf<ListedObject> ListKeys(const KeyScanOf<ListedObject>&, const ListParams&,
                                           const std::function<bool(const ListedObject&)>&);

}  // namespace terrarium::services::s3
