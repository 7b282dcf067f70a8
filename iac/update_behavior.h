// Per resource type, which properties cannot be updated in place: changing one replaces the
// resource (create the new one, then delete the old), as CloudFormation's "Update requires:
// Replacement" says in each resource's reference page.
#pragma once

#include <string_view>

namespace terrarium::iac {

// Whether changing top-level property `property` of a `type` resource requires replacement.
// Unknown types update in place (their provider decides).
bool RequiresReplacement(std::string_view type, std::string_view property);

}  // namespace terrarium::iac
