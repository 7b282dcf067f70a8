#include "emulator/services/dynamodb/stats_record.h"

#include <charconv>

#include "emulator/services/dynamodb/text_cursor.h"

namespace terrarium::services::dynamodb {
namespace {

class StatsRecordCursor : public CompactTextCursor {
 public:
  using CompactTextCursor::CompactTextCursor;

  // `"name":`, names without escapes.
  bool Name(std::string_view& name) {
    if (!Eat('"')) return false;
    size_t end = text_.find('"', pos_);
    if (end == std::string_view::npos) return false;
    name = text_.substr(pos_, end - pos_);
    if (name.find('\\') != std::string_view::npos) return false;
    pos_ = end + 1;
    return Eat(':');
  }
  bool Integer(int64_t& value) {
    auto [end, error] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), value);
    if (error != std::errc()) return false;
    pos_ = static_cast<size_t>(end - text_.data());
    return true;
  }
};

bool ParseStatsIndexCounts(StatsRecordCursor& cursor, IndexStats& counts) {
  if (!cursor.Eat('{')) return false;
  if (cursor.Eat('}')) return true;
  do {
    std::string_view field;
    int64_t value = 0;
    if (!cursor.Name(field) || !cursor.Integer(value)) return false;
    if (field == "ItemCount") {
      counts.item_count = value;
    } else if (field == "IndexSizeBytes") {
      counts.size_bytes = value;
    } else {
      return false;
    }
  } while (cursor.Eat(','));
  return cursor.Eat('}');
}

bool ParseStatsIndexes(StatsRecordCursor& cursor, TableStats& stats) {
  if (!cursor.Eat('{')) return false;
  if (cursor.Eat('}')) return true;
  do {
    std::string_view name;
    if (!cursor.Name(name) || !ParseStatsIndexCounts(cursor, stats.indexes[std::string(name)])) {
      return false;
    }
  } while (cursor.Eat(','));
  return cursor.Eat('}');
}

void AppendStatsIndexName(std::string& out, const std::string& name) {
  bool plain = true;
  for (char c : name)
    plain = plain && c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
  if (plain) {
    out += '"';
    out += name;
    out += '"';
  } else {
    out += Json(name).dump();
  }
}

// `prefix` then `value` in decimal, without the temporaries of std::to_string.
void AppendMember(std::string& out, std::string_view prefix, int64_t value) {
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out += prefix;
  out.append(digits, end);
}

}  // namespace

std::string StatsRecordText(const TableStats& stats) {
  // Members in nlohmann::json's (sorted) order.
  std::string out;
  out.reserve(96);
  out += '{';
  if (!stats.indexes.empty()) {
    out += "\"Indexes\":{";
    bool first = true;
    for (const auto& [name, counts] : stats.indexes) {
      if (!first) out += ',';
      first = false;
      AppendStatsIndexName(out, name);
      AppendMember(out, ":{\"IndexSizeBytes\":", counts.size_bytes);
      AppendMember(out, ",\"ItemCount\":", counts.item_count);
      out += '}';
    }
    out += "},";
  }
  AppendMember(out, "\"ItemCount\":", stats.item_count);
  AppendMember(out, ",\"NextSequence\":", stats.next_sequence);
  AppendMember(out, ",\"TableSizeBytes\":", stats.size_bytes);
  out += '}';
  return out;
}

std::optional<TableStats> ParseStatsRecordText(std::string_view text) {
  StatsRecordCursor cursor(text);
  TableStats stats;
  if (!cursor.Eat('{')) return std::nullopt;
  if (cursor.Eat('}')) return cursor.AtEnd() ? std::optional(stats) : std::nullopt;
  do {
    std::string_view name;
    if (!cursor.Name(name)) return std::nullopt;
    if (name == "Indexes") {
      if (!ParseStatsIndexes(cursor, stats)) return std::nullopt;
      continue;
    }
    int64_t value = 0;
    if (!cursor.Integer(value)) return std::nullopt;
    if (name == "ItemCount") {
      stats.item_count = value;
    } else if (name == "TableSizeBytes") {
      stats.size_bytes = value;
    } else if (name == "NextSequence") {
      stats.next_sequence = value;
    } else {
      return std::nullopt;
    }
  } while (cursor.Eat(','));
  if (!cursor.Eat('}') || !cursor.AtEnd()) return std::nullopt;
  return stats;
}

}  // namespace terrarium::services::dynamodb
