// SQS queue tags.
// Parity notes: tag keys starting with "aws:" are accepted (AWS reserves them).
#include "emulator/services/sqs/errors.h"
#include "emulator/services/sqs/ops.h"
#include "emulator/services/sqs/queue_store.h"
#include "emulator/services/sqs/tags.h"

namespace terrarium::services::sqs {

void CheckTags(const json& tags) {
  if (!tags.is_object()) return;
  if (tags.size() > 50) throw InvalidParameterValue("Too many tags added for queue.");
  for (const auto& [key, value] : tags.items()) {
    if (key.empty() || key.size() > 128) {
      throw InvalidParameterValue("Tag keys must be between 1 and 128 characters in length.");
    }
    if (!value.is_string() || value.get_ref<const std::string&>().size() > 256) {
      throw InvalidParameterValue("Tag values must be between 0 and 256 characters in length.");
    }
  }
}

json TagQueue(RequestContext& ctx, const json& input) {
  json tags = input.value("Tags", json::object());
  if (tags.empty()) throw MissingParameter("Tags");
  auto txn = ctx.store->BeginWrite();
  Queue queue = ResolveQueue(ctx, *txn, input);
  for (const auto& [key, value] : tags.items()) queue.tags[key] = value;
  CheckTags(queue.tags);
  SaveQueue(*txn, queue);
  txn->Commit();
  return json::object();
}

json UntagQueue(RequestContext& ctx, const json& input) {
  json keys = input.value("TagKeys", json::array());
  if (keys.empty()) throw MissingParameter("TagKeys");
  auto txn = ctx.store->BeginWrite();
  Queue queue = ResolveQueue(ctx, *txn, input);
  for (const auto& key : keys) queue.tags.erase(key.get<std::string>());
  SaveQueue(*txn, queue);
  txn->Commit();
  return json::object();
}

json ListQueueTags(RequestContext& ctx, const json& input) {
  Queue queue = ResolveQueue(ctx, *ctx.store->BeginRead(), input);
  if (queue.tags.empty()) return json::object();
  return {{"Tags", queue.tags}};
}

}  // namespace terrarium::services::sqs
