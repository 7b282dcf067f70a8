#include "emulator/storage/snapshots/state_files.h"

#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace terrarium::storage::snapshots {
namespace {

using json = nlohmann::json;

constexpr std::string_view kMiscDir = "_misc";
constexpr std::string_view kJsonSuffix = ".json";
constexpr std::string_view kRawSuffix = ".raw";

bool Readable(unsigned char c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= '0' && c <= '9') return true;
  return std::string_view("-_.+=@,~!$&()[];' ").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool IsBlobName(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void CollectBlobNames(const json& value, const BlobStore& blobs, std::set<std::string>& out) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (IsBlobName(text) && blobs.Exists(text)) out.insert(text);
  } else if (value.is_structured()) {
    for (const auto& element : value) CollectBlobNames(element, blobs, out);
  }
}

void CollectValueBlobs(std::string_view value, const BlobStore& blobs, std::set<std::string>& out) {
  // Only values that can hold a 64-digit string are parsed.
  if (value.size() < 66 || (value.front() != '{' && value.front() != '[')) return;
  json parsed = json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) CollectBlobNames(parsed, blobs, out);
}

}  // namespace

std::string EncodeComponent(std::string_view bytes, bool dir, bool service) {
  if (bytes.empty()) return "%";
  size_t escaped_dot = std::string_view::npos;
  if (dir && (bytes.ends_with(kJsonSuffix) || bytes.ends_with(kRawSuffix))) {
    escaped_dot = bytes.rfind('.');
  }
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    bool escape = !Readable(c) || c == '%' || i == escaped_dot || (i == 0 && c == '.') ||
                  (i == 0 && service && c == '_');
    if (escape) {
      out += fmt::format("%{:02X}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string DecodeComponent(std::string_view component) {
  if (component == "%") return "";
  if (component.empty()) throw std::invalid_argument("empty path component");
  std::string out;
  out.reserve(component.size());
  for (size_t i = 0; i < component.size(); ++i) {
    if (component[i] != '%') {
      out.push_back(component[i]);
      continue;
    }
    int high = i + 2 < component.size() ? HexValue(component[i + 1]) : -1;
    int low = i + 2 < component.size() ? HexValue(component[i + 2]) : -1;
    if (high < 0 || low < 0) {
      throw std::invalid_argument(fmt::format("bad escape in path component '{}'", component));
    }
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

std::string RecordPath(std::string_view table, std::string_view key, bool raw) {
  std::string path;
  size_t dot = table.find('.');
  if (dot == std::string_view::npos) {
    path = fmt::format("{}/{}/", kMiscDir, EncodeComponent(table, true));
  } else {
    path = fmt::format("{}/{}/", EncodeComponent(table.substr(0, dot), true, true),
                       EncodeComponent(table.substr(dot + 1), true));
  }
  std::vector<std::string_view> parts = Split(key, '/');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    path += EncodeComponent(parts[i], true);
    path.push_back('/');
  }
  path += EncodeComponent(parts.back(), false);
  path += raw ? kRawSuffix : kJsonSuffix;
  return path;
}

std::optional<RowRef> ParseRecordPath(std::string_view path) {
  if (path == kManifestPath || path.starts_with(kBlobDir)) return std::nullopt;
  std::vector<std::string_view> parts = Split(path, '/');
  if (parts.size() < 3) throw std::invalid_argument(fmt::format("unexpected file '{}'", path));
  RowRef row;
  if (parts[0] == kMiscDir) {
    row.table = DecodeComponent(parts[1]);
  } else {
    row.table = DecodeComponent(parts[0]) + "." + DecodeComponent(parts[1]);
  }
  std::string_view last = parts.back();
  if (last.ends_with(kJsonSuffix)) {
    last.remove_suffix(kJsonSuffix.size());
  } else if (last.ends_with(kRawSuffix)) {
    last.remove_suffix(kRawSuffix.size());
    row.raw = true;
  } else {
    throw std::invalid_argument(fmt::format("unexpected file '{}'", path));
  }
  for (size_t i = 2; i + 1 < parts.size(); ++i) {
    row.key += DecodeComponent(parts[i]);
    row.key.push_back('/');
  }
  row.key += DecodeComponent(last);
  return row;
}

std::string FileContent(std::string_view value, bool& raw) {
  json parsed = json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) {
    try {
      if (parsed.dump() == value) {
        raw = false;
        return parsed.dump(2) + "\n";
      }
    } catch (const json::exception&) {
      // Not representable as canonical JSON (invalid UTF-8): kept verbatim below.
    }
  }
  raw = true;
  return std::string(value);
}

std::string StoredValue(std::string_view content, bool raw) {
  if (raw) return std::string(content);
  return json::parse(content).dump();
}

StateFiles DumpState(ReadTxn& txn, const BlobStore& blobs) {
  StateFiles state;
  state.files.emplace(kManifestPath, json{{"format", 1}}.dump(2) + "\n");
  for (const std::string& table : txn.Tables()) {
    txn.Scan(table, "", "", [&](std::string_view key, std::string_view value) {
      bool raw = false;
      std::string content = FileContent(value, raw);
      state.files.emplace(RecordPath(table, key, raw), std::move(content));
      CollectValueBlobs(value, blobs, state.blobs);
      return true;
    });
  }
  return state;
}

Tables RowsOf(const std::map<std::string, std::string>& files) {
  Tables rows;
  for (const auto& [path, content] : files) {
    std::optional<RowRef> row = ParseRecordPath(path);
    if (!row) continue;
    std::string value;
    try {
      value = StoredValue(content, row->raw);
    } catch (const json::exception& e) {
      throw std::invalid_argument(fmt::format("file '{}' is not JSON: {}", path, e.what()));
    }
    rows[row->table][row->key] = std::move(value);
  }
  return rows;
}

size_t ReplaceRows(WriteTxn& txn, const Tables& rows) {
  static const std::map<std::string, std::string> kNoRows;
  size_t changes = 0;
  std::set<std::string, std::less<>> tables;
  for (const std::string& table : txn.Tables()) tables.insert(table);
  for (const auto& [table, table_rows] : rows) tables.insert(table);
  for (const std::string& table : tables) {
    auto wanted_it = rows.find(table);
    const auto& wanted = wanted_it == rows.end() ? kNoRows : wanted_it->second;
    std::vector<std::string> stale;
    std::set<std::string_view> same;
    txn.Scan(table, "", "", [&](std::string_view key, std::string_view value) {
      auto it = wanted.find(std::string(key));
      if (it == wanted.end()) {
        stale.emplace_back(key);
      } else if (it->second == value) {
        same.insert(it->first);
      }
      return true;
    });
    for (const std::string& key : stale) txn.Erase(table, key);
    changes += stale.size();
    for (const auto& [key, value] : wanted) {
      if (same.contains(key)) continue;
      txn.Put(table, key, value);
      ++changes;
    }
  }
  return changes;
}

std::set<std::string> ReferencedBlobs(ReadTxn& txn, const BlobStore& blobs) {
  std::set<std::string> out;
  for (const std::string& table : txn.Tables()) {
    txn.Scan(table, "", "", [&](std::string_view, std::string_view value) {
      CollectValueBlobs(value, blobs, out);
      return true;
    });
  }
  return out;
}

}  // namespace terrarium::storage::snapshots
