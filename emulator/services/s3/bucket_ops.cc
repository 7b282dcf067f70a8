// S3 buckets: create, head, delete, list, location.
// Parity notes: bucket names are global across accounts, as in AWS. A bucket's contents live
// in its owner's account and home region whatever region a request is signed for (AWS would
// redirect a request sent to the wrong region; Terrarium serves it). Ownership controls default
// to BucketOwnerEnforced and the ACL is kept as a canned ACL name only.
#include <algorithm>
#include <cctype>

#include "emulator/core/encoding.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

bool IsIpAddress(std::string_view name) {
  int dots = 0;
  for (char c : name) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3;
}

// AWS's general purpose bucket naming rules.
bool ValidBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!ok) return false;
  }
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  if (name.find("..") != std::string_view::npos || name.find(".-") != std::string_view::npos ||
      name.find("-.") != std::string_view::npos) {
    return false;
  }
  if (IsIpAddress(name)) return false;
  for (std::string_view prefix : {"xn--", "sthree-", "amzn-s3-demo-"}) {
    if (name.starts_with(prefix)) return false;
  }
  for (std::string_view suffix : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
    if (name.ends_with(suffix)) return false;
  }
  return true;
}

std::string AccountBucketKey(std::string_view account, std::string_view bucket) {
  return std::string(account) + "/" + std::string(bucket);
}

// The region a new bucket lives in, by AWS's LocationConstraint rules.
std::string CreateRegion(const RequestContext& ctx, const json& input) {
  std::string constraint;
  if (auto it = input.find("CreateBucketConfiguration"); it != input.end()) {
    constraint = it->value("LocationConstraint", "");
  }
  const std::string& region = ctx.scope.region;
  if (constraint.empty()) {
    if (region != "us-east-1") {
      throw AwsError("IllegalLocationConstraintException",
                     "The unspecified location constraint is incompatible for the region "
                     "specific endpoint this request was sent to.",
                     400);
    }
    return "us-east-1";
  }
  if (constraint == "us-east-1") {
    throw AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid",
                   400)
        .With("LocationConstraint", constraint);
  }
  if (constraint == "EU") return "eu-west-1";
  return constraint;
}

}  // namespace

json CreateBucket(RequestContext& ctx, const json& input) {
  std::string name = input.at("Bucket");
  if (!ValidBucketName(name)) {
    throw AwsError("InvalidBucketName", "The specified bucket is not valid.", 400)
        .With("BucketName", name);
  }
  std::string region = CreateRegion(ctx, input);
  std::string ownership = input.value("ObjectOwnership", "BucketOwnerEnforced");
  std::string acl = input.value("ACL", "private");
  if (ownership == "BucketOwnerEnforced" && acl != "private" &&
      acl != "bucket-owner-full-control") {
    throw AwsError("InvalidBucketAclWithObjectOwnership",
                   "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced "
                   "setting",
                   400);
  }
  auto txn = ctx.store->BeginWrite();
  if (auto existing = FindBucket(*txn, name)) {
    if (existing->value("Account", "") != ctx.scope.account) {
      throw AwsError("BucketAlreadyExists",
                     "The requested bucket name is not available. The bucket namespace is shared "
                     "by all users of the system. Please select a different name and try again.",
                     409)
          .With("BucketName", name);
    }
    // us-east-1 keeps its legacy answer: creating a bucket you own there succeeds.
    if (region == "us-east-1" && existing->value("Region", "") == "us-east-1") {
      return {{"Location", "/" + name}};
    }
    throw AwsError("BucketAlreadyOwnedByYou",
                   "Your previous request to create the named bucket succeeded and you already "
                   "own it.",
                   409)
        .With("BucketName", name);
  }
  json bucket = {{"Name", name},
                 {"Account", ctx.scope.account},
                 {"Region", region},
                 {"CreationDate", Now(ctx)},
                 {"ACL", acl}};
  bool object_lock = input.value("ObjectLockEnabledForBucket", false);
  if (object_lock) bucket["Versioning"] = "Enabled";
  storage::PutJson(*txn, kBucketsTable, name, bucket);
  txn->Put(kAccountBucketsTable, AccountBucketKey(ctx.scope.account, name), "");
  std::string prefix = BucketPrefix(bucket);
  storage::PutJson(*txn, kConfigTable, prefix + "ownership",
                   {{"Rules", json::array({{{"ObjectOwnership", ownership}}})}});
  storage::PutJson(*txn, kConfigTable, prefix + "public-access-block",
                   {{"BlockPublicAcls", true},
                    {"IgnorePublicAcls", true},
                    {"BlockPublicPolicy", true},
                    {"RestrictPublicBuckets", true}});
  if (object_lock) {
    storage::PutJson(*txn, kConfigTable, prefix + "object-lock",
                     {{"ObjectLockEnabled", "Enabled"}});
  }
  txn->Commit();
  json output = {{"BucketArn", "arn:aws:s3:::" + name}};
  output["Location"] = region == "us-east-1" ? "/" + name : "http://" + name + ".s3.amazonaws.com/";
  return output;
}

json HeadBucket(RequestContext& ctx, const json& input) {
  json bucket = RequireInputBucket(*ctx.store->BeginRead(), input);
  return {{"BucketRegion", bucket["Region"]},
          {"AccessPointAlias", false},
          {"BucketArn", "arn:aws:s3:::" + bucket["Name"].get<std::string>()}};
}

json GetBucketLocation(RequestContext& ctx, const json& input) {
  json bucket = RequireInputBucket(*ctx.store->BeginRead(), input);
  std::string region = bucket["Region"];
  if (region == "us-east-1") return json::object();
  return {{"LocationConstraint", region}};
}

json DeleteBucket(RequestContext& ctx, const json& input) {
  std::string name = input.at("Bucket");
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireBucket(*txn, name);
  std::string prefix = BucketPrefix(bucket);
  bool empty = true;
  for (const char* table : {kObjectsTable, kVersionsTable}) {
    txn->Scan(table, prefix, "", [&](std::string_view, std::string_view) {
      empty = false;
      return false;
    });
  }
  if (!empty) {
    throw AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
        .With("BucketName", name);
  }
  // Uploads in progress and configurations go with the bucket.
  for (const char* table : {kUploadsTable, kPartsTable, kConfigTable}) {
    std::vector<std::pair<std::string, std::string>> rows;
    txn->Scan(table, prefix, "", [&](std::string_view key, std::string_view value) {
      rows.emplace_back(key, value);
      return true;
    });
    for (const auto& [key, value] : rows) {
      if (table == kPartsTable) ReleaseRecordBlob(*txn, ctx.store->Blobs(), json::parse(value));
      txn->Erase(table, key);
    }
  }
  txn->Erase(kBucketsTable, name);
  txn->Erase(kAccountBucketsTable, AccountBucketKey(bucket["Account"].get<std::string>(), name));
  txn->Commit();
  return json::object();
}

json ListBuckets(RequestContext& ctx, const json& input) {
  std::string prefix = input.value("Prefix", "");
  std::string region_filter = input.value("BucketRegion", "");
  int max = input.value("MaxBuckets", 10000);
  std::string after;
  if (input.contains("ContinuationToken")) {
    after = Base64Decode(input["ContinuationToken"].get<std::string>()).value_or("");
  }
  auto txn = ctx.store->BeginRead();
  std::string account_prefix = ctx.scope.account + "/";
  json buckets = json::array();
  std::string last;
  bool truncated = false;
  txn->Scan(kAccountBucketsTable, account_prefix + prefix,
            after.empty() ? std::string() : account_prefix + after,
            [&](std::string_view key, std::string_view) {
              std::string name(key.substr(account_prefix.size()));
              auto bucket = FindBucket(*txn, name);
              if (!bucket) return true;
              if (!region_filter.empty() && (*bucket)["Region"] != region_filter) return true;
              if (static_cast<int>(buckets.size()) == max) {
                truncated = true;
                return false;
              }
              buckets.push_back({{"Name", name},
                                 {"CreationDate", (*bucket)["CreationDate"]},
                                 {"BucketRegion", (*bucket)["Region"]},
                                 {"BucketArn", "arn:aws:s3:::" + name}});
              last = name;
              return true;
            });
  json output = {{"Buckets", buckets}, {"Owner", OwnerOf(ctx.scope.account)}};
  if (!prefix.empty()) output["Prefix"] = prefix;
  if (truncated) output["ContinuationToken"] = Base64Encode(last);
  return output;
}

}  // namespace terrarium::services::s3
