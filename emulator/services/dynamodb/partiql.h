// The common forms of DynamoDB's PartiQL, parsed into the same condition and update forms as
// expressions:
//   SELECT * | a, b.c FROM "table"[."index"] [WHERE <condition>]
//   INSERT INTO "table" VALUE {'k': <value>, ...}
//   UPDATE "table" SET a = <value>[, ...] [REMOVE b[, ...]] WHERE <condition>
//   DELETE FROM "table" WHERE <condition>
// Values are literals ('text', 12.5, true, null, {...}, [...], <<...>>) or ? parameters.
// Conditions: = <> != < <= > >=, BETWEEN, IN [...], IS [NOT] MISSING, begins_with, contains,
// AND, OR, NOT, parentheses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/services/dynamodb/expression.h"

namespace terrarium::services::dynamodb {

struct PartiqlStatement {
  enum class Kind { kSelect, kInsert, kUpdate, kDelete };
  Kind kind = Kind::kSelect;
  std::string table;
  std::string index;
  std::vector<Path> projection;  // empty: *
  std::optional<Condition> where;
  nlohmann::json item;  // INSERT
  UpdatePlan update;    // UPDATE
};

// Throws ValidationException with AWS's phrasing for malformed statements and parameter
// count mismatches.
PartiqlStatement ParsePartiql(std::string_view text, const nlohmann::json& parameters);

}  // namespace terrarium::services::dynamodb
