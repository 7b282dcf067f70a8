// Differences between two states (a snapshot's files, or the live store dumped), per record:
// added, removed, or changed with the properties that changed.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace terrarium::storage::snapshots {

// {"added": [R...], "removed": [R...], "changed": [R + {"changes": [C...]}]} where R is
// {"table", "key", "file"} and C is {"property": JSON pointer, "before"?, "after"?} (a side is
// absent when the property is). Records are in file order; blob files are left out, since the
// records naming them change with them.
nlohmann::json DiffStates(const std::map<std::string, std::string>& before,
                          const std::map<std::string, std::string>& after);

}  // namespace terrarium::storage::snapshots
