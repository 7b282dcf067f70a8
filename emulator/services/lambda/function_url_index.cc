#include "emulator/services/lambda/function_url_index.h"

#include <nlohmann/json.hpp>

#include "emulator/core/ids.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::lambda {
namespace {

constexpr const char* kUrlTable = "lambda.function_urls";
constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr size_t kIdLength = 32;

std::string UrlIdKey(const std::string& url_id) { return "url/" + url_id; }

}  // namespace

std::optional<UrlTarget> LoadUrlTarget(storage::ReadTxn& txn, const std::string& url_id) {
  auto record = storage::GetJson(txn, kUrlTable, UrlIdKey(url_id));
  if (!record) return std::nullopt;
  UrlTarget target;
  target.scope.account = (*record)["Account"];
  target.scope.region = (*record)["Region"];
  target.function_name = (*record)["FunctionName"];
  target.qualifier = record->value("Qualifier", "");
  return target;
}

void SaveUrlTarget(storage::WriteTxn& txn, const std::string& url_id, const UrlTarget& target) {
  storage::PutJson(txn, kUrlTable, UrlIdKey(url_id),
                   {{"Account", target.scope.account},
                    {"Region", target.scope.region},
                    {"FunctionName", target.function_name},
                    {"Qualifier", target.qualifier}});
}

void EraseUrlTarget(storage::WriteTxn& txn, const std::string& url_id) {
  txn.Erase(kUrlTable, UrlIdKey(url_id));
}

std::string NewUrlId() { return RandomString(kIdLength, kAlphabet); }

bool IsUrlId(std::string_view text) {
  if (text.size() != kIdLength) return false;
  for (char c : text) {
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string FunctionUrlOf(const std::string& url_id, const std::string& region,
                          const std::string& host) {
  auto colon = host.rfind(':');
  std::string port =
      colon == std::string::npos || host.ends_with("]") ? "4566" : host.substr(colon + 1);
  return "http://" + url_id + ".lambda-url." + region + ".localhost:" + port + "/";
}

}  // namespace terrarium::services::lambda
