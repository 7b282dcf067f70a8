#include "emulator/storage/snapshots/state_diff.h"

#include "emulator/storage/snapshots/state_files.h"

namespace terrarium::storage::snapshots {
namespace {

using json = nlohmann::json;

json Resource(const std::string& file) {
  std::optional<RowRef> row = ParseRecordPath(file);
  return {{"table", row->table}, {"key", row->key}, {"file", file}};
}

// A raw value as JSON text when it is valid UTF-8, else its length.
json RawValue(const std::string& bytes) {
  json text = bytes;
  try {
    text.dump();
    return text;
  } catch (const json::exception&) {
    return json{{"bytes", bytes.size()}};
  }
}

json Parse(const std::string& file, const std::string& content) {
  std::optional<RowRef> row = ParseRecordPath(file);
  if (row->raw) return RawValue(content);
  return json::parse(content, nullptr, /*allow_exceptions=*/false);
}

json Changes(const json& before, const json& after) {
  json changes = json::array();
  if (!before.is_structured() || !after.is_structured() || before.type() != after.type()) {
    changes.push_back({{"property", ""}, {"before", before}, {"after", after}});
    return changes;
  }
  for (const json& op : json::diff(before, after)) {
    std::string path = op.at("path");
    json::json_pointer pointer(path);
    json change = {{"property", path}};
    if (before.contains(pointer)) change["before"] = before.at(pointer);
    if (after.contains(pointer)) {
      change["after"] = after.at(pointer);
    } else if (op.contains("value")) {
      change["after"] = op["value"];  // appended to an array ("/list/-")
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

bool IsRecord(const std::string& file) {
  return file != kManifestPath && !file.starts_with(kBlobDir);
}

}  // namespace

json DiffStates(const std::map<std::string, std::string>& before,
                const std::map<std::string, std::string>& after) {
  json added = json::array();
  json removed = json::array();
  json changed = json::array();
  auto b = before.begin();
  auto a = after.begin();
  while (b != before.end() || a != after.end()) {
    if (a == after.end() || (b != before.end() && b->first < a->first)) {
      if (IsRecord(b->first)) removed.push_back(Resource(b->first));
      ++b;
    } else if (b == before.end() || a->first < b->first) {
      if (IsRecord(a->first)) added.push_back(Resource(a->first));
      ++a;
    } else {
      if (IsRecord(a->first) && a->second != b->second) {
        json resource = Resource(a->first);
        resource["changes"] = Changes(Parse(b->first, b->second), Parse(a->first, a->second));
        changed.push_back(std::move(resource));
      }
      ++a;
      ++b;
    }
  }
  return {{"added", added}, {"removed", removed}, {"changed", changed}};
}

}  // namespace terrarium::storage::snapshots
