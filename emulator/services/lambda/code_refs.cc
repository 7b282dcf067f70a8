#include "emulator/services/lambda/code_refs.h"

#include <map>
#include <set>
#include <string>

#include "emulator/storage/blob_refs.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

constexpr const char* kRefsTable = "lambda.blob_refs";
constexpr const char* kFunctionsTable = "lambda.functions";

// The packages a function record names: $LATEST's and its versions'.
std::set<std::string> CodeOf(const json* record) {
  std::set<std::string> out;
  if (record == nullptr) return out;
  if (auto it = record->find("CodeHex"); it != record->end() && it->is_string()) out.insert(*it);
  if (auto versions = record->find("Versions"); versions != record->end()) {
    for (const json& version : *versions) {
      auto it = version.find("CodeHex");
      if (it != version.end() && it->is_string()) out.insert(*it);
    }
  }
  return out;
}

long long Count(storage::ReadTxn& txn, const std::string& sha) {
  auto value = txn.Get(kRefsTable, sha);
  return value ? std::stoll(*value) : 0;
}

// Counts every record's packages when there are functions but no counts yet.
void CountExistingRecords(storage::WriteTxn& txn) {
  bool counted = false;
  txn.Scan(kRefsTable, "", "", [&](std::string_view, std::string_view) {
    counted = true;
    return false;
  });
  if (counted) return;
  std::map<std::string, long long> counts;
  txn.Scan(kFunctionsTable, "", "", [&](std::string_view, std::string_view value) {
    json record = json::parse(value, nullptr, /*allow_exceptions=*/false);
    for (const std::string& sha : CodeOf(&record)) ++counts[sha];
    return true;
  });
  for (const auto& [sha, count] : counts) txn.Put(kRefsTable, sha, std::to_string(count));
}

}  // namespace

void UpdateCodeRefs(storage::WriteTxn& txn, storage::BlobStore& blobs, const json* before,
                    const json* after) {
  std::set<std::string> old_code = CodeOf(before);
  std::set<std::string> new_code = CodeOf(after);
  if (old_code == new_code) return;
  CountExistingRecords(txn);
  for (const std::string& sha : new_code) {
    if (!old_code.contains(sha)) txn.Put(kRefsTable, sha, std::to_string(Count(txn, sha) + 1));
  }
  for (const std::string& sha : old_code) {
    if (new_code.contains(sha)) continue;
    long long count = Count(txn, sha);
    if (count > 1) {
      txn.Put(kRefsTable, sha, std::to_string(count - 1));
    } else if (count == 1) {
      txn.Erase(kRefsTable, sha);
      storage::RemoveBlobIfUnreferenced(txn, blobs, sha);
    }
  }
}

}  // namespace terrarium::services::lambda
