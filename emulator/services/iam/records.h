// Stored IAM records as the model's output shapes (Role, User, Group, InstanceProfile, Policy,
// PolicyVersion): which members each operation returns, documents percent-encoded.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/storage/store.h"

namespace terrarium::services::iam {

enum class View {
  kFull,    // Get*: every member
  kCreate,  // Create*/Update*: no RoleLastUsed
  kList     // List*: no Tags, PermissionsBoundary, RoleLastUsed, Description of policies
};

nlohmann::json RoleOutput(const nlohmann::json& record, View view);
nlohmann::json UserOutput(const nlohmann::json& record, View view);
nlohmann::json GroupOutput(const nlohmann::json& record);
// Resolves the profile's role names to Role shapes.
nlohmann::json InstanceProfileOutput(storage::ReadTxn& txn, std::string_view account,
                                     const nlohmann::json& record);
nlohmann::json PolicyOutput(const nlohmann::json& record, int attachment_count, View view);
nlohmann::json PolicyVersionOutput(const nlohmann::json& policy, const nlohmann::json& version,
                                   bool with_document);

}  // namespace terrarium::services::iam
