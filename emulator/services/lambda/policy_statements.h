// The statement list of a resource policy (functions' and layer versions'), shared by
// AddPermission/RemovePermission and their layer counterparts.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace terrarium::services::lambda {

// An empty policy document: {"Version", "Id": "default", "Statement": []}.
nlohmann::json EmptyPolicy();
// Throws ResourceConflictException (AWS's wording) when `policy` has a statement `sid`.
void CheckNewStatementId(const nlohmann::json& policy, const std::string& sid);
// Removes statement `sid`; throws ResourceNotFoundException (AWS's wording) when it is missing.
void RemoveStatement(nlohmann::json& policy, const std::string& sid);

}  // namespace terrarium::services::lambda
