// SQS dead-letter queues: ListDeadLetterSourceQueues and message move tasks (redrive).
// Parity notes: a task without MaxNumberOfMessagesPerSecond moves everything at once and is
// COMPLETED when StartMessageMoveTask answers; with a rate it runs (move_tasks.h). A FAILED task
// only comes from a queue deleted under it.
#include <algorithm>

#include "emulator/services/sqs/errors.h"
#include "emulator/services/sqs/move_tasks.h"
#include "emulator/services/sqs/ops.h"
#include "emulator/services/sqs/queue_store.h"
#include "emulator/services/sqs/receive.h"
#include "emulator/services/sqs/redrive_policy.h"

namespace terrarium::services::sqs {
namespace {

constexpr int64_t kMaxMovesPerSecond = 500;

void WakeAll(RequestContext& ctx, std::vector<std::string> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (const auto& key : keys) WakePollers(ctx, key);
}

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
  std::optional<int64_t> per_second;
  if (input.contains("MaxNumberOfMessagesPerSecond")) {
    per_second = input["MaxNumberOfMessagesPerSecond"].get<int64_t>();
    if (*per_second < 1 || *per_second > kMaxMovesPerSecond) {
      throw InvalidParameterValue("MaxNumberOfMessagesPerSecond", std::to_string(*per_second),
                                  "You must enter a number that's between 1 and 500.");
    }
  }
  int64_t now_ms = EpochMs(ctx.clock->Now());
  auto txn = ctx.store->BeginWrite();
  MoveTaskSpec spec{QueueOfArn(*txn, source_arn, "SourceArn"), std::nullopt, per_second};
  if (SourcesOf(*txn, spec.source).empty()) {
    throw InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
  }
  if (auto arn = input.value("DestinationArn", ""); !arn.empty()) {
    spec.destination = QueueOfArn(*txn, arn, "DestinationArn");
  }
  std::vector<std::string> wake;
  std::string handle = StartMoveTask(*txn, spec, now_ms, wake);
  txn->Commit();
  WakeAll(ctx, wake);
  return {{"TaskHandle", handle}};
}

json ListMessageMoveTasks(RequestContext& ctx, const json& input) {
  std::string source_arn = input.value("SourceArn", "");
  if (source_arn.empty()) throw MissingParameter("SourceArn");
  int max = input.value("MaxResults", 1);
  if (max < 1 || max > 10) {
    throw InvalidParameterValue("MaxResults", std::to_string(max),
                                "You must enter a number that's between 1 and 10.");
  }
  int64_t now_ms = EpochMs(ctx.clock->Now());
  // Brings a running task up to date first, so its progress is what the clock says.
  auto txn = ctx.store->BeginWrite();
  Queue source = QueueOfArn(*txn, source_arn, "SourceArn");
  std::vector<std::string> wake;
  AdvanceMoveTasksOf(*txn, source, now_ms, wake);
  json results = ListMoveTasks(*txn, source, static_cast<size_t>(max));
  txn->Commit();
  WakeAll(ctx, wake);
  return {{"Results", results}};
}

json CancelMessageMoveTask(RequestContext& ctx, const json& input) {
  std::string handle = input.value("TaskHandle", "");
  if (handle.empty()) throw MissingParameter("TaskHandle");
  int64_t now_ms = EpochMs(ctx.clock->Now());
  auto txn = ctx.store->BeginWrite();
  std::vector<std::string> wake;
  int64_t moved = CancelMoveTask(*txn, handle, now_ms, wake);
  txn->Commit();
  WakeAll(ctx, wake);
  return {{"ApproximateNumberOfMessagesMoved", moved}};
}

}  // namespace terrarium::services::sqs
