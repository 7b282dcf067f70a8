#include "emulator/services/lambda/event_sources/mapping_store.h"

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::lambda {
namespace {

constexpr const char* kMappingTable = "lambda.event_source_mappings";
constexpr std::string_view kArnMarker = ":event-source-mapping:";

std::string MappingKey(const Scope& scope, const std::string& uuid) {
  return storage::ScopedKey(scope, "esm/" + uuid);
}

}  // namespace

std::optional<nlohmann::json> LoadMapping(storage::ReadTxn& txn, const Scope& scope,
                                          const std::string& uuid) {
  return storage::GetJson(txn, kMappingTable, MappingKey(scope, uuid));
}

nlohmann::json RequireMapping(storage::Store& store, const Scope& scope, const std::string& uuid) {
  auto record = LoadMapping(*store.BeginRead(), scope, uuid);
  if (!record) {
    throw AwsError("ResourceNotFoundException",
                   "The resource you requested does not exist. (Service: Lambda, Status Code: "
                   "404, Request ID: " +
                       NewUuid() + ")",
                   404);
  }
  return std::move(*record);
}

void SaveMapping(storage::WriteTxn& txn, const Scope& scope, const nlohmann::json& record) {
  storage::PutJson(txn, kMappingTable, MappingKey(scope, record["Configuration"]["UUID"]), record);
}

bool EraseMapping(storage::WriteTxn& txn, const Scope& scope, const std::string& uuid) {
  return txn.Erase(kMappingTable, MappingKey(scope, uuid));
}

void ScanMappings(storage::ReadTxn& txn, const Scope& scope, const std::string& after,
                  const std::function<bool(const nlohmann::json&)>& fn) {
  std::string prefix = storage::ScopedKey(scope, "esm/");
  txn.Scan(
      kMappingTable, prefix, after.empty() ? "" : prefix + after,
      [&](std::string_view, std::string_view value) { return fn(nlohmann::json::parse(value)); });
}

void ScanAllMappings(storage::ReadTxn& txn, const std::function<bool(const nlohmann::json&)>& fn) {
  txn.Scan(kMappingTable, "", "", [&](std::string_view, std::string_view value) {
    return fn(nlohmann::json::parse(value));
  });
}

std::string MappingArn(const Scope& scope, const std::string& uuid) {
  return Arn("lambda", scope.region, scope.account, "event-source-mapping:" + uuid);
}

std::optional<std::string> MappingUuidOfArn(const std::string& arn) {
  auto at = arn.find(kArnMarker);
  if (!arn.starts_with("arn:") || at == std::string::npos) return std::nullopt;
  return arn.substr(at + kArnMarker.size());
}

}  // namespace terrarium::services::lambda
