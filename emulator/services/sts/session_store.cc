#include "emulator/services/sts/session_store.h"

#include <nlohmann/json.hpp>

namespace terrarium::services::sts {
namespace {

// Access key ids are unique across accounts, so this table is global rather than scoped.
constexpr const char* kTable = "sts.sessions";

}  // namespace

void SaveSession(storage::Store& store, const Session& session) {
  nlohmann::json value = {{"AccessKeyId", session.access_key_id},
                          {"Account", session.account},
                          {"Arn", session.arn},
                          {"UserId", session.user_id},
                          {"Expiration", session.expiration}};
  auto txn = store.BeginWrite();
  txn->Put(kTable, session.access_key_id, value.dump());
  txn->Commit();
}

std::optional<Session> FindSession(storage::Store& store, const std::string& access_key_id) {
  // Only temporary credentials (ASIA...) were issued here; anything else needs no lookup.
  if (!access_key_id.starts_with("ASIA") || access_key_id.size() > storage::kMaxKeyBytes) {
    return std::nullopt;
  }
  auto text = store.BeginRead()->Get(kTable, access_key_id);
  if (!text) return std::nullopt;
  auto value = nlohmann::json::parse(*text);
  return Session{value.at("AccessKeyId"), value.at("Account"), value.at("Arn"), value.at("UserId"),
                 value.at("Expiration")};
}

}  // namespace terrarium::services::sts
