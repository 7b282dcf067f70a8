// IAM operations, named after the AWS operations they implement; defined in the *_ops.cc file of
// their resource (role, policy, user, group, instance profile, access key, account).
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::iam {

// role_ops.cc
nlohmann::json CreateRole(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetRole(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListRoles(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UpdateRole(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UpdateRoleDescription(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UpdateAssumeRolePolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteRole(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json PutRolePermissionsBoundary(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteRolePermissionsBoundary(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json TagRole(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UntagRole(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListRoleTags(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json PutRolePolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetRolePolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteRolePolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListRolePolicies(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json AttachRolePolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DetachRolePolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListAttachedRolePolicies(RequestContext& ctx, const nlohmann::json& input);

// policy_ops.cc
nlohmann::json CreatePolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeletePolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListPolicies(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json CreatePolicyVersion(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetPolicyVersion(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListPolicyVersions(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeletePolicyVersion(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json SetDefaultPolicyVersion(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json TagPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UntagPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListPolicyTags(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListEntitiesForPolicy(RequestContext& ctx, const nlohmann::json& input);

// user_ops.cc
nlohmann::json CreateUser(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetUser(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListUsers(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UpdateUser(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteUser(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json PutUserPermissionsBoundary(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteUserPermissionsBoundary(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json TagUser(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UntagUser(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListUserTags(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json PutUserPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetUserPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteUserPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListUserPolicies(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json AttachUserPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DetachUserPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListAttachedUserPolicies(RequestContext& ctx, const nlohmann::json& input);

// group_ops.cc
nlohmann::json CreateGroup(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetGroup(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListGroups(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UpdateGroup(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteGroup(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json AddUserToGroup(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json RemoveUserFromGroup(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListGroupsForUser(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json PutGroupPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetGroupPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteGroupPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListGroupPolicies(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json AttachGroupPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DetachGroupPolicy(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListAttachedGroupPolicies(RequestContext& ctx, const nlohmann::json& input);

// instance_profile_ops.cc
nlohmann::json CreateInstanceProfile(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetInstanceProfile(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListInstanceProfiles(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListInstanceProfilesForRole(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteInstanceProfile(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json AddRoleToInstanceProfile(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json RemoveRoleFromInstanceProfile(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json TagInstanceProfile(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UntagInstanceProfile(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListInstanceProfileTags(RequestContext& ctx, const nlohmann::json& input);

// access_key_ops.cc
nlohmann::json CreateAccessKey(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json ListAccessKeys(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json UpdateAccessKey(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteAccessKey(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetAccessKeyLastUsed(RequestContext& ctx, const nlohmann::json& input);

// account_ops.cc
nlohmann::json ListAccountAliases(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json CreateAccountAlias(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DeleteAccountAlias(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetAccountSummary(RequestContext& ctx, const nlohmann::json& input);

}  // namespace terrarium::services::iam
