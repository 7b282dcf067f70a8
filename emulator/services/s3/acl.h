// Access control lists as S3 reports them: canned ACL names expanded into grants, or the grants
// a client set with an AccessControlPolicy document. ACLs are recorded, never enforced.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/storage/store.h"

namespace terrarium::services::s3 {

// {"Owner", "Grants"} for a canned ACL ("private", "public-read", ...) of `account`'s resource;
// unknown names read as "private".
nlohmann::json CannedAcl(std::string_view acl, std::string_view account);
// Whether `acl` is a canned ACL name S3 accepts.
bool IsCannedAcl(std::string_view acl);
// The bucket's object ownership setting ("" when its ownership controls were deleted).
std::string BucketObjectOwnership(storage::ReadTxn& txn, const nlohmann::json& bucket);
// AccessControlListNotSupported when the bucket enforces owner ownership and `acl` grants more
// than the owner has.
void CheckAclAllowed(storage::ReadTxn& txn, const nlohmann::json& bucket, std::string_view acl,
                     bool has_grants);

}  // namespace terrarium::services::s3
