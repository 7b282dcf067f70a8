// The temporary credentials STS has issued, so that a later request signed with one of them
// (GetCallerIdentity, GetAccessKeyInfo) knows whose it is.
#pragma once

#include <optional>
#include <string>

#include "emulator/storage/store.h"

namespace terrarium::services::sts {

struct Session {
  std::string access_key_id;
  std::string account;
  std::string arn;      // arn:aws:sts::<account>:assumed-role/<role>/<session>, or the user's
  std::string user_id;  // AROA...:<session>, or the account for session tokens
  double expiration = 0;
};

void SaveSession(storage::Store& store, const Session& session);
std::optional<Session> FindSession(storage::Store& store, const std::string& access_key_id);

}  // namespace terrarium::services::sts
