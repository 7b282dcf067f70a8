// SQS receiving: ReceiveMessage (with long polling), DeleteMessage(Batch),
// ChangeMessageVisibility(Batch).
// Parity notes: deleting with an outdated receipt handle succeeds without deleting (AWS: "might
// not be deleted"). A message's visibility is capped at 12 hours from its latest receive.
#include <set>

#include "emulator/services/sqs/errors.h"
#include "emulator/services/sqs/fifo.h"
#include "emulator/services/sqs/md5_attributes.h"
#include "emulator/services/sqs/message_checks.h"
#include "emulator/services/sqs/ops.h"
#include "emulator/services/sqs/queue_store.h"
#include "emulator/services/sqs/receive.h"
#include "emulator/services/sqs/receive_attempts.h"

namespace terrarium::services::sqs {
namespace {

constexpr int64_t kMaxVisibilitySeconds = 43200;

// An optional integer parameter within [min, max], else `fallback`.
int64_t IntParameter(const json& input, const char* name, int64_t min, int64_t max,
                     int64_t fallback, const char* reason) {
  auto it = input.find(name);
  if (it == input.end() || it->is_null()) return fallback;
  int64_t value = it->get<int64_t>();
  if (value < min || value > max) throw InvalidParameterValue(name, std::to_string(value), reason);
  return value;
}

// Adds the names of the list `member` (absent from most receives: nothing is built then).
void AddNames(const json& input, const char* member, std::set<std::string>& names) {
  auto it = input.find(member);
  if (it == input.end() || !it->is_array()) return;
  for (const auto& name : *it) names.insert(name.get<std::string>());
}

json SystemAttributes(const Queue& queue, const Message& m, const std::set<std::string>& names) {
  bool all = names.count("All") > 0;
  json out = json::object();
  auto add = [&](const char* name, const std::string& value) {
    if ((all || names.count(name)) && !value.empty()) out[name] = value;
  };
  add("SenderId", m.sender_id);
  add("SentTimestamp", std::to_string(m.sent_ms));
  add("ApproximateReceiveCount", std::to_string(m.receive_count));
  add("ApproximateFirstReceiveTimestamp", std::to_string(m.first_receive_ms));
  add("MessageGroupId", m.group_id);
  add("DeadLetterQueueSourceArn", m.dead_letter_source_arn);
  if (auto trace = m.system_attributes.find("AWSTraceHeader"); trace != m.system_attributes.end()) {
    add("AWSTraceHeader", trace->value("StringValue", ""));
  }
  if (queue.fifo()) {
    add("MessageDeduplicationId", m.dedup_id);
    add("SequenceNumber", SequenceNumber(m.seq));
  }
  return out;
}

bool WantsAttribute(const std::set<std::string>& names, const std::string& name) {
  if (names.count("All") || names.count(".*") || names.count(name)) return true;
  for (const auto& pattern : names) {
    if (pattern.ends_with(".*") && name.starts_with(pattern.substr(0, pattern.size() - 1))) {
      return true;
    }
  }
  return false;
}

// Moves the message's id, MD5 and body into the output (the message is not used after).
json MessageOutput(const Queue& queue, Message& m, const std::set<std::string>& system_names,
                   const std::set<std::string>& attribute_names) {
  json out = json::object();
  out["ReceiptHandle"] = ReceiptHandle(queue, m);
  json system = SystemAttributes(queue, m, system_names);
  out["MessageId"] = std::move(m.id);
  out["MD5OfBody"] = std::move(m.md5_body);
  out["Body"] = std::move(m.body);
  if (!system.empty()) out["Attributes"] = std::move(system);
  json attributes = json::object();
  for (const auto& [name, value] : m.attributes.items()) {
    if (WantsAttribute(attribute_names, name)) attributes[name] = value;
  }
  if (!attributes.empty()) {
    out["MD5OfMessageAttributes"] = Md5OfAttributes(attributes);
    out["MessageAttributes"] = std::move(attributes);
  }
  return out;
}

std::string ReceiptHandleOf(const json& entry) {
  auto it = entry.find("ReceiptHandle");
  if (it == entry.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw MissingParameter("ReceiptHandle");
  }
  return it->get<std::string>();
}

void DeleteOne(storage::WriteTxn& txn, const Queue& queue, const json& entry) {
  Receipt receipt = ParseReceiptHandle(queue, ReceiptHandleOf(entry));
  if (receipt.visible_at_ms &&
      EraseByReceipt(txn, queue.Key(), receipt.seq, *receipt.visible_at_ms, receipt.nonce)) {
    return;
  }
  auto message = LoadMessage(txn, queue.Key(), receipt.seq);
  if (message && message->receipt == receipt.nonce) EraseMessage(txn, queue.Key(), *message);
}

// Returns whether the message became visible at once (so long polls should look).
bool ChangeVisibilityOne(storage::WriteTxn& txn, const Queue& queue, const json& entry,
                         int64_t now_ms) {
  std::string handle = ReceiptHandleOf(entry);
  if (!entry.contains("VisibilityTimeout")) throw MissingParameter("VisibilityTimeout");
  int64_t seconds = IntParameter(entry, "VisibilityTimeout", 0, kMaxVisibilitySeconds, 0,
                                 "VisibilityTimeout must be an integer between 0 and 43200");
  Receipt receipt = ParseReceiptHandle(queue, handle);
  auto message = LoadMessage(txn, queue.Key(), receipt.seq);
  if (!message || message->receipt != receipt.nonce || message->visible_at_ms <= now_ms) {
    throw InvalidParameterValue(
        "ReceiptHandle", handle,
        "Message does not exist or is not available for visibility timeout change.");
  }
  int64_t visible_at = now_ms + seconds * 1000;
  if (message->received_ms != 0 &&
      visible_at - message->received_ms > kMaxVisibilitySeconds * 1000) {
    throw InvalidParameterValue(
        "VisibilityTimeout", std::to_string(seconds),
        "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
  }
  int64_t old_visible_at = message->visible_at_ms;
  message->visible_at_ms = visible_at;
  UpdateMessage(txn, queue.Key(), *message, old_visible_at, !message->receipt.empty());
  return seconds == 0;
}

// Runs `one` for every entry of a batch, collecting Successful and Failed entries.
template <typename Fn>
json RunBatch(const json& input, const char* entry_name, Fn&& one) {
  json entries = input.value("Entries", json::array());
  CheckBatchEntries(entries, entry_name);
  json successful = json::array();
  json failed = json::array();
  for (const auto& entry : entries) {
    std::string id = entry.value("Id", "");
    try {
      one(entry);
      successful.push_back({{"Id", id}});
    } catch (const AwsError& error) {
      failed.push_back({{"Id", id},
                        {"SenderFault", error.sender_fault},
                        {"Code", error.code},
                        {"Message", error.message}});
    }
  }
  return {{"Successful", successful}, {"Failed", failed}};
}

}  // namespace

json ReceiveMessage(RequestContext& ctx, const json& input) {
  int64_t max = IntParameter(input, "MaxNumberOfMessages", 1, 10, 1,
                             "Must be between 1 and 10, if provided.");
  std::optional<int64_t> visibility;
  if (input.contains("VisibilityTimeout")) {
    visibility = IntParameter(input, "VisibilityTimeout", 0, kMaxVisibilitySeconds, 0,
                              "Must be >= 0 and <= 43200, if provided.");
  }
  std::optional<int64_t> wait;
  if (input.contains("WaitTimeSeconds")) {
    wait = IntParameter(input, "WaitTimeSeconds", 0, 20, 0, "Must be >= 0 and <= 20, if provided.");
  }
  std::string attempt_id = input.value("ReceiveRequestAttemptId", "");
  if (input.contains("ReceiveRequestAttemptId")) CheckReceiveAttemptId(attempt_id);
  Clock::TimePoint now = ctx.clock->Now();
  int64_t now_ms = EpochMs(now);

  // With the store's write lock free, a receive looks and takes in one write transaction: a
  // look in a read transaction first cost a receive that finds a message a second queue lookup
  // and scan, a tenth of it. With the lock held elsewhere it looks without writing first, so that
  // an empty poll never waits behind someone else's write.
  std::shared_ptr<const Queue> queue;
  std::optional<int64_t> next_visible;
  std::unique_ptr<storage::WriteTxn> txn = ctx.store->TryBeginWrite();
  if (!txn) {
    auto read = ctx.store->BeginRead();
    queue = ResolveQueueRef(ctx, *read, input);
    if (!queue->fifo()) attempt_id.clear();  // only FIFO queues deduplicate receives
    bool any_visible =
        HasVisibleMessage(*read, *queue, now_ms) ||
        (!attempt_id.empty() && HasReceiveAttempt(*read, *queue, attempt_id, now_ms));
    if (any_visible) {
      read.reset();
      txn = ctx.store->BeginWrite();
    } else {
      next_visible = NextVisibleAfter(*read, queue->Key(), now_ms);
    }
  }
  ReceiveResult result;
  if (txn) {
    queue = ResolveQueueRef(ctx, *txn, input);
    if (!queue->fifo()) attempt_id.clear();
    int64_t visibility_ms = visibility.value_or(queue->Int("VisibilityTimeout")) * 1000;
    std::optional<std::vector<Message>> replayed;
    if (!attempt_id.empty()) {
      replayed = ReplayReceiveAttempt(*txn, *queue, attempt_id, now_ms, visibility_ms);
    }
    if (replayed) {
      result.messages = std::move(*replayed);
    } else {
      result = ReceiveFrom(*txn, *queue, now_ms, static_cast<size_t>(max), visibility_ms);
      if (!attempt_id.empty()) {
        RememberReceiveAttempt(*txn, *queue, attempt_id, now_ms, result.messages);
      }
    }
    if (result.messages.empty()) next_visible = NextVisibleAfter(*txn, queue->Key(), now_ms);
    txn->Commit();
    txn.reset();
    for (const auto& key : result.wake_keys) WakePollers(ctx, key);
  }
  if (result.messages.empty()) {
    PollDecision decision = DecidePoll(
        now, wait.value_or(queue->Int("ReceiveMessageWaitTimeSeconds")), ctx.can_wait,
        ctx.poll_deadline, next_visible ? std::optional(FromEpochMs(*next_visible)) : std::nullopt);
    if (!decision.answer_now) ctx.WaitFor(WaitKey(*queue), decision.deadline, decision.wake_at);
    return json::object();
  }
  std::set<std::string> system_names;
  AddNames(input, "AttributeNames", system_names);
  AddNames(input, "MessageSystemAttributeNames", system_names);
  std::set<std::string> attribute_names;
  AddNames(input, "MessageAttributeNames", attribute_names);
  json messages = json::array();
  for (auto& message : result.messages) {
    messages.push_back(MessageOutput(*queue, message, system_names, attribute_names));
  }
  json output = json::object();
  output["Messages"] = std::move(messages);
  return output;
}

json DeleteMessage(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  auto queue_ref = ResolveQueueRef(ctx, *txn, input);
  const Queue& queue = *queue_ref;
  DeleteOne(*txn, queue, input);
  txn->Commit();
  return json::object();
}

json DeleteMessageBatch(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  auto queue_ref = ResolveQueueRef(ctx, *txn, input);
  const Queue& queue = *queue_ref;
  json output = RunBatch(input, "DeleteMessageBatchRequestEntry",
                         [&](const json& entry) { DeleteOne(*txn, queue, entry); });
  txn->Commit();
  return output;
}

json ChangeMessageVisibility(RequestContext& ctx, const json& input) {
  int64_t now_ms = EpochMs(ctx.clock->Now());
  auto txn = ctx.store->BeginWrite();
  auto queue_ref = ResolveQueueRef(ctx, *txn, input);
  const Queue& queue = *queue_ref;
  bool visible_now = ChangeVisibilityOne(*txn, queue, input, now_ms);
  txn->Commit();
  if (visible_now) WakePollers(ctx, WaitKey(queue), 1);
  return json::object();
}

json ChangeMessageVisibilityBatch(RequestContext& ctx, const json& input) {
  int64_t now_ms = EpochMs(ctx.clock->Now());
  auto txn = ctx.store->BeginWrite();
  auto queue_ref = ResolveQueueRef(ctx, *txn, input);
  const Queue& queue = *queue_ref;
  bool visible_now = false;
  json output = RunBatch(input, "ChangeMessageVisibilityBatchRequestEntry", [&](const json& entry) {
    visible_now = ChangeVisibilityOne(*txn, queue, entry, now_ms) || visible_now;
  });
  txn->Commit();
  if (visible_now) WakePollers(ctx, WaitKey(queue));
  return output;
}

}  // namespace terrarium::services::sqs
