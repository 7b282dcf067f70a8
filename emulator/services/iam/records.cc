#include "emulator/services/iam/records.h"

#include "emulator/services/iam/iam_store.h"
#include "emulator/services/iam/policy_document.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

void CopyIfPresent(const json& record, json& out, const char* member) {
  auto it = record.find(member);
  if (it != record.end() && !it->is_null()) out[member] = *it;
}

void AddBoundaryAndTags(const json& record, json& out, View view) {
  if (view == View::kList) return;
  if (record.contains("PermissionsBoundary")) {
    out["PermissionsBoundary"] = {{"PermissionsBoundaryType", "PermissionsBoundaryPolicy"},
                                  {"PermissionsBoundaryArn", record["PermissionsBoundary"]}};
  }
  if (!record.value("Tags", json::array()).empty()) out["Tags"] = record["Tags"];
}

json Common(const json& record, const char* name_member, const char* id_member) {
  return {{"Path", record["Path"]},
          {name_member, record[name_member]},
          {id_member, record[id_member]},
          {"Arn", record["Arn"]},
          {"CreateDate", record["CreateDate"]}};
}

}  // namespace

json RoleOutput(const json& record, View view) {
  json out = Common(record, "RoleName", "RoleId");
  out["AssumeRolePolicyDocument"] =
      EncodePolicyDocument(record["AssumeRolePolicyDocument"].get<std::string>());
  CopyIfPresent(record, out, "Description");
  out["MaxSessionDuration"] = record.value("MaxSessionDuration", 3600);
  AddBoundaryAndTags(record, out, view);
  if (view == View::kFull) out["RoleLastUsed"] = record.value("RoleLastUsed", json::object());
  return out;
}

json UserOutput(const json& record, View view) {
  json out = Common(record, "UserName", "UserId");
  AddBoundaryAndTags(record, out, view);
  return out;
}

json GroupOutput(const json& record) { return Common(record, "GroupName", "GroupId"); }

json InstanceProfileOutput(storage::ReadTxn& txn, std::string_view account, const json& record) {
  json out = Common(record, "InstanceProfileName", "InstanceProfileId");
  out["Roles"] = json::array();
  for (const auto& name : record.value("Roles", json::array())) {
    if (auto role = FindEntity(txn, kRole, account, name.get<std::string>())) {
      out["Roles"].push_back(RoleOutput(*role, View::kCreate));
    }
  }
  if (!record.value("Tags", json::array()).empty()) out["Tags"] = record["Tags"];
  return out;
}

json PolicyOutput(const json& record, int attachment_count, View view) {
  json out = {{"PolicyName", record["PolicyName"]},
              {"PolicyId", record["PolicyId"]},
              {"Arn", record["Arn"]},
              {"Path", record["Path"]},
              {"DefaultVersionId", record["DefaultVersionId"]},
              {"AttachmentCount", attachment_count},
              {"PermissionsBoundaryUsageCount", 0},
              {"IsAttachable", true},
              {"CreateDate", record["CreateDate"]},
              {"UpdateDate", record["UpdateDate"]}};
  if (view != View::kList) {
    CopyIfPresent(record, out, "Description");
    if (!record.value("Tags", json::array()).empty()) out["Tags"] = record["Tags"];
  }
  return out;
}

json PolicyVersionOutput(const json& policy, const json& version, bool with_document) {
  json out = {{"VersionId", version["VersionId"]},
              {"IsDefaultVersion", version["VersionId"] == policy["DefaultVersionId"]},
              {"CreateDate", version["CreateDate"]}};
  if (with_document) out["Document"] = EncodePolicyDocument(version["Document"].get<std::string>());
  return out;
}

}  // namespace terrarium::services::iam
