// SQS dead-letter queues: ListDeadLetterSourceQueues and message move tasks (redrive).
// Parity notes: a move task moves every message at once, ignoring MaxNumberOfMessagesPerSecond,
// and is COMPLETED when StartMessageMoveTask answers, so CancelMessageMoveTask never finds a
// running task.
#include <fmt/format.h>

#include <set>

#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/services/sqs/errors.h"
#include "emulator/services/sqs/message_store.h"
#include "emulator/services/sqs/ops.h"
#include "emulator/services/sqs/queue_store.h"
#include "emulator/services/sqs/receive.h"
#include "emulator/services/sqs/redrive_policy.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::sqs {
namespace {

constexpr const char* kTasks = "sqs.move_tasks";

std::vector<Queue> SourcesOf(storage::ReadTxn& txn, const Queue& dead_letter) {
  std::vector<Queue> sources;
  std::string arn = dead_letter.Arn();
  ScanQueues(txn, dead_letter.scope, "", "", [&](const Queue& queue) {
    auto redrive = RedriveOf(queue);
    if (redrive && redrive->target_arn == arn) sources.push_back(queue);
    return true;
  });
  return sources;
}

Queue QueueOfArn(storage::ReadTxn& txn, const std::string& arn, const char* parameter) {
  auto queue = FindQueueByArn(txn, arn);
  if (!queue)
    throw AwsError("ResourceNotFoundException", "The resource that you specified for the " +
                                                    std::string(parameter) +
                                                    " parameter doesn't exist.");
  return *queue;
}

}  // namespace

json ListDeadLetterSourceQueues(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  Queue queue = ResolveQueue(ctx, *txn, input);
  json urls = json::array();
  for (const auto& source : SourcesOf(*txn, queue)) urls.push_back(source.Url(ctx.host));
  return {{"queueUrls", urls}};
}

json StartMessageMoveTask(RequestContext& ctx, const json& input) {
  std::string source_arn = input.value("SourceArn", "");
  if (source_arn.empty()) throw MissingParameter("SourceArn");
  int64_t now_ms = EpochMs(ctx.clock->Now());
  auto txn = ctx.store->BeginWrite();
  Queue source = QueueOfArn(*txn, source_arn, "SourceArn");
  if (SourcesOf(*txn, source).empty()) {
    throw InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
  }
  std::optional<Queue> destination;
  if (auto arn = input.value("DestinationArn", ""); !arn.empty()) {
    destination = QueueOfArn(*txn, arn, "DestinationArn");
  }
  std::vector<Message> messages;
  ScanMessages(*txn, source.Key(), [&](const Message& m) {
    messages.push_back(m);
    return true;
  });
  std::set<std::string> woken;
  int64_t moved = 0;
  for (auto& message : messages) {
    std::optional<Queue> target = destination;
    if (!target) target = FindQueueByArn(*txn, message.dead_letter_source_arn);
    if (!target) continue;
    message.dead_letter_source_arn.clear();
    woken.insert(WaitKey(*target));
    MoveMessage(*txn, source, std::move(message), *target, now_ms, false);
    ++moved;
  }
  std::string task_id = NewUuid();
  json task = {
      {"TaskHandle", Base64Encode(json{{"taskId", task_id}, {"sourceArn", source_arn}}.dump())},
      {"Status", "COMPLETED"},
      {"SourceArn", source_arn},
      {"ApproximateNumberOfMessagesMoved", moved},
      {"ApproximateNumberOfMessagesToMove", moved},
      {"StartedTimestamp", now_ms}};
  if (destination) task["DestinationArn"] = destination->Arn();
  if (input.contains("MaxNumberOfMessagesPerSecond")) {
    task["MaxNumberOfMessagesPerSecond"] = input["MaxNumberOfMessagesPerSecond"];
  }
  storage::PutJson(*txn, kTasks, fmt::format("{}/{:015}/{}", source.Key(), now_ms, task_id), task);
  txn->Commit();
  for (const auto& key : woken) WakePollers(ctx, key);
  return {{"TaskHandle", task["TaskHandle"]}};
}

json ListMessageMoveTasks(RequestContext& ctx, const json& input) {
  std::string source_arn = input.value("SourceArn", "");
  if (source_arn.empty()) throw MissingParameter("SourceArn");
  int max = input.value("MaxResults", 1);
  if (max < 1 || max > 10) {
    throw InvalidParameterValue("MaxResults", std::to_string(max),
                                "You must enter a number that's between 1 and 10.");
  }
  auto txn = ctx.store->BeginRead();
  Queue source = QueueOfArn(*txn, source_arn, "SourceArn");
  std::vector<json> tasks;
  txn->Scan(kTasks, source.Key() + "/", "", [&](std::string_view, std::string_view value) {
    json task = json::parse(value);
    task.erase("TaskHandle");  // only a running task has one
    tasks.push_back(std::move(task));
    return true;
  });
  json results = json::array();
  for (auto it = tasks.rbegin(); it != tasks.rend() && static_cast<int>(results.size()) < max;
       ++it) {
    results.push_back(*it);
  }
  return {{"Results", results}};
}

json CancelMessageMoveTask(RequestContext& ctx, const json& input) {
  std::string handle = input.value("TaskHandle", "");
  if (handle.empty()) throw MissingParameter("TaskHandle");
  throw AwsError("ResourceNotFoundException",
                 "The resource that you specified for the TaskHandle parameter doesn't exist.");
}

}  // namespace terrarium::services::sqs
