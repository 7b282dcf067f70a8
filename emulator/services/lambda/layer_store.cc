#include "emulator/services/lambda/layer_store.h"

#include <charconv>

#include "emulator/core/aws_error.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::lambda {
namespace {

constexpr const char* kLayerTable = "lambda.layers";
constexpr size_t kMaxLayers = 5;

std::string LayerKey(const Scope& scope, const std::string& name) {
  return storage::ScopedKey(scope, "layer/" + name);
}

// Splits "a:b:c" on ':'.
std::vector<std::string> Fields(const std::string& text) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t colon = text.find(':', start);
    fields.push_back(text.substr(start, colon - start));
    if (colon == std::string::npos) return fields;
    start = colon + 1;
  }
}

}  // namespace

std::string LayerArn(const Scope& scope, const std::string& name) {
  return "arn:aws:lambda:" + scope.region + ":" + scope.account + ":layer:" + name;
}

std::optional<LayerVersionRef> ParseLayerVersionArn(const std::string& arn) {
  auto fields = Fields(arn);
  if (fields.size() != 8 || fields[0] != "arn" || fields[2] != "lambda" || fields[5] != "layer" ||
      fields[3].empty() || fields[4].empty() || fields[6].empty()) {
    return std::nullopt;
  }
  LayerVersionRef ref;
  ref.scope.region = fields[3];
  ref.scope.account = fields[4];
  ref.name = fields[6];
  const std::string& number = fields[7];
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), ref.version);
  if (ec != std::errc() || end != number.data() + number.size() || ref.version < 1) {
    return std::nullopt;
  }
  return ref;
}

std::optional<nlohmann::json> LoadLayer(storage::ReadTxn& txn, const Scope& scope,
                                        const std::string& name) {
  return storage::GetJson(txn, kLayerTable, LayerKey(scope, name));
}

void SaveLayer(storage::WriteTxn& txn, const Scope& scope, const nlohmann::json& record) {
  storage::PutJson(txn, kLayerTable, LayerKey(scope, record["LayerName"]), record);
}

std::vector<nlohmann::json> AllLayers(storage::Store& store, const Scope& scope) {
  std::vector<nlohmann::json> layers;
  store.BeginRead()->Scan(kLayerTable, storage::ScopedKey(scope, "layer/"), "",
                          [&](std::string_view, std::string_view value) {
                            layers.push_back(nlohmann::json::parse(value));
                            return true;
                          });
  return layers;
}

std::optional<nlohmann::json> LoadLayerVersion(storage::Store& store, const std::string& arn) {
  auto ref = ParseLayerVersionArn(arn);
  if (!ref) return std::nullopt;
  auto layer = LoadLayer(*store.BeginRead(), ref->scope, ref->name);
  if (!layer) return std::nullopt;
  auto versions = layer->value("Versions", nlohmann::json::object());
  std::string number = std::to_string(ref->version);
  if (!versions.contains(number)) return std::nullopt;
  return versions[number];
}

nlohmann::json ResolveFunctionLayers(const RequestContext& ctx, const nlohmann::json& arns) {
  if (!arns.is_array()) throw ValidationError("Layers must be a list of layer version ARNs");
  if (arns.size() > kMaxLayers) {
    throw AwsError("InvalidParameterValueException",
                   "Cannot reference more than " + std::to_string(kMaxLayers) + " layers.");
  }
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& item : arns) {
    std::string arn = item.is_string() ? item.get<std::string>() : item.dump();
    if (!ParseLayerVersionArn(arn)) {
      throw AwsError("InvalidParameterValueException",
                     "Layer version ARN " + arn + " is not a valid layer version ARN.");
    }
    auto version = LoadLayerVersion(*ctx.store, arn);
    if (!version || version->value("Deleted", false)) {
      throw AwsError("InvalidParameterValueException", "Layer version " + arn + " does not exist.");
    }
    layers.push_back({{"Arn", arn}, {"CodeSize", (*version)["Content"]["CodeSize"]}});
  }
  return layers;
}

}  // namespace terrarium::services::lambda
