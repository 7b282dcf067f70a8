// Stored items read as text. An item is stored as the JSON text of its wire form (WriteItem dumps
// it), so a read that returns it unchanged can hand that text to the client as it is
// (AnswerWithRawMember) instead of parsing it into a DOM and serializing it again.
// What such a read still needs of the item (its size, the sort key, the TTL attribute) is taken
// from the text by one scan; anything else (a filter, a projection, a key for LastEvaluatedKey)
// parses it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::dynamodb {

// What ScanItemText found: the item's size as ItemSize counts it, and the JSON text of the
// top-level attributes named in `names` (empty: absent, or not asked).
struct ItemTextScan {
  std::array<std::string_view, 2> names;
  std::array<std::string_view, 2> values;
  size_t size = 0;
};

// Scans an item's text; false when the text is not in the compact form WriteItem stores (an
// attribute name with escapes, whitespace, an unknown type): then parse it instead.
bool ScanItemText(std::string_view text, ItemTextScan& scan);

// One stored item as a read meets it: its text, and the parsed item only once something needs
// it. `range_name` and `ttl_name` (either may be empty) are the attributes the read looks at.
class StoredItem {
 public:
  StoredItem(std::string_view text, std::string_view range_name, std::string_view ttl_name);

  std::string_view text() const { return text_; }
  // The whole item, parsed on first use.
  const nlohmann::json& item();
  // ItemSize of the item.
  size_t size();
  // The sort-key and TTL attributes' values; null when absent.
  nlohmann::json range_value() { return Attribute(0); }
  nlohmann::json ttl_value() { return Attribute(1); }

 private:
  nlohmann::json Attribute(size_t which);

  std::string_view text_;
  ItemTextScan scan_;
  bool scanned_;
  std::optional<nlohmann::json> item_;
};

// The text an item is stored as: exactly the bytes of `item.dump()` (stores, snapshots and
// ScanItemText rely on them), written without nlohmann's serializer for the strings of plain
// ASCII most items are made of (it cost a PutItem more than its store write). Throws as dump()
// does on a string that is not UTF-8.
std::string ItemText(const nlohmann::json& item);

// Answers with `document` plus the member `name` whose value is `text`, JSON already (items as
// stored, or a list or map of them), as the whole response body in `ctx.response_payload`,
// which the json protocol sends as it is (json_codec.cc). Returns `document`.
nlohmann::json AnswerWithRawMember(RequestContext& ctx, nlohmann::json document,
                                   std::string_view name, std::string_view text);
// The same in two steps, for a caller that writes a long value straight into the body:
// RawBodyStart(name) is the body up to the value (`{"name":`), and AnswerWithRawBody finishes
// `body` (that start and the value) with `document`'s members.
std::string RawBodyStart(std::string_view name);
nlohmann::json AnswerWithRawBody(RequestContext& ctx, nlohmann::json document, std::string body);

}  // namespace terrarium::services::dynamodb
