// Where Lambda layers live: one JSON record per layer,
//   {"LayerName": ..., "NextVersion": n,
//    "Versions": {"1": {<GetLayerVersion output>, "CodeHex": <blob>, "Policy": {...},
//                       "Deleted": true once DeleteLayerVersion ran}}}
// under "<account>/<region>/layer/<name>" in table lambda.layers. A deleted version stays (hidden
// from every layer operation) so that functions using it keep running, as on AWS.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/core/scope.h"
#include "emulator/storage/store.h"

namespace terrarium::services::lambda {

// arn:aws:lambda:<region>:<account>:layer:<name>[:<version>]
std::string LayerArn(const Scope& scope, const std::string& name);

// A layer version ARN taken apart; nullopt when `arn` is not one.
struct LayerVersionRef {
  Scope scope;
  std::string name;
  int version = 0;
};
std::optional<LayerVersionRef> ParseLayerVersionArn(const std::string& arn);

std::optional<nlohmann::json> LoadLayer(storage::ReadTxn& txn, const Scope& scope,
                                        const std::string& name);
void SaveLayer(storage::WriteTxn& txn, const Scope& scope, const nlohmann::json& record);
// Every layer record of `scope`, by name.
std::vector<nlohmann::json> AllLayers(storage::Store& store, const Scope& scope);

// The stored version an ARN names, deleted ones included (functions keep their layers).
std::optional<nlohmann::json> LoadLayerVersion(storage::Store& store, const std::string& arn);

// Checks a function's Layers member (layer version ARNs) and returns the configuration's
// Layers ([{"Arn", "CodeSize"}]); throws InvalidParameterValueException as AWS words it for a
// malformed or unknown ARN, or more than five layers.
nlohmann::json ResolveFunctionLayers(const RequestContext& ctx, const nlohmann::json& arns);

}  // namespace terrarium::services::lambda
