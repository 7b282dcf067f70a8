#include "emulator/services/s3/acl.h"

#include "emulator/core/aws_error.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

constexpr std::string_view kAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
constexpr std::string_view kAuthenticatedUsers =
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
constexpr std::string_view kLogDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery";

json GroupGrant(std::string_view uri, const char* permission) {
  return {{"Grantee", {{"Type", "Group"}, {"URI", std::string(uri)}}}, {"Permission", permission}};
}

}  // namespace

bool IsCannedAcl(std::string_view acl) {
  for (std::string_view name :
       {"private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read",
        "bucket-owner-read", "bucket-owner-full-control", "log-delivery-write"}) {
    if (acl == name) return true;
  }
  return false;
}

json CannedAcl(std::string_view acl, std::string_view account) {
  json owner = OwnerOf(account);
  json grantee = owner;
  grantee["Type"] = "CanonicalUser";
  json grants = json::array({{{"Grantee", grantee}, {"Permission", "FULL_CONTROL"}}});
  if (acl == "public-read" || acl == "public-read-write") {
    grants.push_back(GroupGrant(kAllUsers, "READ"));
  }
  if (acl == "public-read-write") grants.push_back(GroupGrant(kAllUsers, "WRITE"));
  if (acl == "authenticated-read") grants.push_back(GroupGrant(kAuthenticatedUsers, "READ"));
  if (acl == "log-delivery-write") {
    grants.push_back(GroupGrant(kLogDelivery, "WRITE"));
    grants.push_back(GroupGrant(kLogDelivery, "READ_ACP"));
  }
  return {{"Owner", owner}, {"Grants", grants}};
}

std::string BucketObjectOwnership(storage::ReadTxn& txn, const json& bucket) {
  auto controls = storage::GetJson(txn, kConfigTable, ConfigRow(bucket, "ownership"));
  if (!controls) return "";
  json rules = controls->value("Rules", json::array());
  return rules.empty() ? "" : rules[0].value("ObjectOwnership", "");
}

void CheckAclAllowed(storage::ReadTxn& txn, const json& bucket, std::string_view acl,
                     bool has_grants) {
  bool owner_only = acl == "private" || acl == "bucket-owner-full-control";
  if ((!owner_only || has_grants) && BucketObjectOwnership(txn, bucket) == "BucketOwnerEnforced") {
    throw AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
  }
}

}  // namespace terrarium::services::s3
