// DynamoDB Streams operations, named after the AWS operations they implement.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::dynamodbstreams {

nlohmann::json ListStreams(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json DescribeStream(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetShardIterator(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetRecords(RequestContext& ctx, const nlohmann::json& input);

}  // namespace terrarium::services::dynamodbstreams
