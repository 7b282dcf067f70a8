// SQS operations, named after the AWS operations they implement.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::sqs {

using nlohmann::json;

// queue_ops.cc
json CreateQueue(RequestContext& ctx, const json& input);
json GetQueueUrl(RequestContext& ctx, const json& input);
json ListQueues(RequestContext& ctx, const json& input);
json DeleteQueue(RequestContext& ctx, const json& input);
json PurgeQueue(RequestContext& ctx, const json& input);
json GetQueueAttributes(RequestContext& ctx, const json& input);
json SetQueueAttributes(RequestContext& ctx, const json& input);

// tag_ops.cc
json TagQueue(RequestContext& ctx, const json& input);
json UntagQueue(RequestContext& ctx, const json& input);
json ListQueueTags(RequestContext& ctx, const json& input);

// permission_ops.cc
json AddPermission(RequestContext& ctx, const json& input);
json RemovePermission(RequestContext& ctx, const json& input);

// send_ops.cc
json SendMessage(RequestContext& ctx, const json& input);
json SendMessageBatch(RequestContext& ctx, const json& input);

// receive_ops.cc
json ReceiveMessage(RequestContext& ctx, const json& input);
json DeleteMessage(RequestContext& ctx, const json& input);
json DeleteMessageBatch(RequestContext& ctx, const json& input);
json ChangeMessageVisibility(RequestContext& ctx, const json& input);
json ChangeMessageVisibilityBatch(RequestContext& ctx, const json& input);

// redrive_ops.cc
json ListDeadLetterSourceQueues(RequestContext& ctx, const json& input);
json StartMessageMoveTask(RequestContext& ctx, const json& input);
json ListMessageMoveTasks(RequestContext& ctx, const json& input);
json CancelMessageMoveTask(RequestContext& ctx, const json& input);

}  // namespace terrarium::services::sqs
