// STS identity and temporary credentials.
// Parity notes: credentials are not checked (any signature is accepted), so the caller of a
// request signed with an unknown key is that key's account root. Role ids are IAM's for roles IAM
// holds, else derived from the role ARN (roles need not exist: nothing is enforced). Requests
// signed with issued credentials act in the account of their access key id, not yet in the
// assumed role's account.
#include "emulator/services/sts/identity_ops.h"

#include <cctype>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/services/iam/iam_store.h"
#include "emulator/services/sts/session_store.h"

namespace terrarium::services::sts {
namespace {

using nlohmann::json;

constexpr int kDefaultRoleSeconds = 3600;
constexpr int kDefaultSessionTokenSeconds = 43200;

AwsError StsValidationError(const std::string& detail) {
  return AwsError("ValidationError", "1 validation error detected: " + detail, 400);
}

// The model's range (900 s up to the operation's maximum) is checked before the handler runs.
int DurationSeconds(const json& input, int default_seconds) {
  return input.contains("DurationSeconds") ? input["DurationSeconds"].get<int>() : default_seconds;
}

// The model's pattern for session names, [\w+=,.@-]* (lengths are checked with the model).
void CheckSessionName(const std::string& name) {
  bool valid_chars = true;
  for (unsigned char c : name) {
    if (!std::isalnum(c) &&
        std::string_view("_+=,.@-").find(static_cast<char>(c)) == std::string_view::npos) {
      valid_chars = false;
    }
  }
  if (!valid_chars) {
    throw StsValidationError("Value '" + name +
                             "' at 'roleSessionName' failed to satisfy constraint: Member must "
                             "satisfy regular expression pattern: [\\w+=,.@-]*");
  }
}

struct RoleArn {
  std::string account;
  std::string name;  // the last path element
};

// arn:aws:iam::123456789012:role/path/name
RoleArn ParseRoleArn(const std::string& arn) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  auto role = arn.find(":role/");
  if (!arn.starts_with(kPrefix) || role == std::string::npos || role == kPrefix.size() ||
      arn.size() < 20) {
    throw StsValidationError("Value '" + arn +
                             "' at 'roleArn' failed to satisfy constraint: Member must "
                             "satisfy the format of an IAM role ARN");
  }
  RoleArn parsed;
  parsed.account = arn.substr(kPrefix.size(), role - kPrefix.size());
  parsed.name = arn.substr(arn.rfind('/') + 1);
  if (parsed.name.empty()) throw AwsError("ValidationError", "Role name is empty", 400);
  return parsed;
}

// A stable unique id for a principal, in AWS's style: a 4-letter prefix and 17 characters.
std::string PrincipalId(std::string_view prefix, std::string_view seed) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string digest = Sha256(seed);
  std::string id(prefix);
  for (int i = 0; i < 17; ++i) id.push_back(kAlphabet[static_cast<unsigned char>(digest[i]) % 32]);
  return id;
}

json Credentials(const Session& session) {
  return {{"AccessKeyId", session.access_key_id},
          {"SecretAccessKey", RandomString(40,
                                           "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                                           "vwxyz0123456789+/")},
          {"SessionToken", "FQoGZXIvYXdzE" + Base64Encode(RandomString(
                                                 180, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))},
          {"Expiration", session.expiration}};
}

}  // namespace

json GetCallerIdentity(RequestContext& ctx, const json&) {
  if (auto session = FindSession(*ctx.store, ctx.access_key)) {
    return {{"UserId", session->user_id}, {"Account", session->account}, {"Arn", session->arn}};
  }
  return {{"UserId", ctx.scope.account},
          {"Account", ctx.scope.account},
          {"Arn", "arn:aws:iam::" + ctx.scope.account + ":root"}};
}

json GetAccessKeyInfo(RequestContext& ctx, const json& input) {
  std::string key = input.value("AccessKeyId", "");
  if (key.size() < 16) {
    throw StsValidationError("Value '" + key +
                             "' at 'accessKeyId' failed to satisfy constraint: Member must have "
                             "length greater than or equal to 16");
  }
  if (auto session = FindSession(*ctx.store, key)) return {{"Account", session->account}};
  return {{"Account", AccountForAccessKey(key)}};
}

json AssumeRole(RequestContext& ctx, const json& input) {
  std::string role_arn = input.value("RoleArn", "");
  std::string session_name = input.value("RoleSessionName", "");
  RoleArn role = ParseRoleArn(role_arn);
  CheckSessionName(session_name);
  int seconds = DurationSeconds(input, kDefaultRoleSeconds);

  Session session;
  session.access_key_id = "ASIA" + RandomUpperAlnum(16);
  session.account = role.account;
  session.arn = "arn:aws:sts::" + role.account + ":assumed-role/" + role.name + "/" + session_name;
  std::optional<std::string> role_id = iam::RoleIdOf(*ctx.store, role.account, role.name);
  session.user_id = role_id.value_or(PrincipalId("AROA", role_arn)) + ":" + session_name;
  session.expiration = ctx.clock->EpochSeconds() + seconds;
  SaveSession(*ctx.store, session);

  json output = {{"Credentials", Credentials(session)},
                 {"AssumedRoleUser", {{"AssumedRoleId", session.user_id}, {"Arn", session.arn}}},
                 {"PackedPolicySize", 0}};
  if (input.contains("SourceIdentity")) output["SourceIdentity"] = input["SourceIdentity"];
  return output;
}

json GetSessionToken(RequestContext& ctx, const json& input) {
  int seconds = DurationSeconds(input, kDefaultSessionTokenSeconds);
  Session session;
  session.access_key_id = "ASIA" + RandomUpperAlnum(16);
  session.account = ctx.scope.account;
  if (auto caller = FindSession(*ctx.store, ctx.access_key)) {
    session.arn = caller->arn;
    session.user_id = caller->user_id;
  } else {
    session.arn = "arn:aws:iam::" + ctx.scope.account + ":root";
    session.user_id = ctx.scope.account;
  }
  session.expiration = ctx.clock->EpochSeconds() + seconds;
  SaveSession(*ctx.store, session);
  return {{"Credentials", Credentials(session)}};
}

}  // namespace terrarium::services::sts
