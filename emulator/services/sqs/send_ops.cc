// SQS sending: SendMessage and SendMessageBatch.
// Parity notes: SenderId is the caller's account id (AWS shows the IAM principal id); standard
// queues accept MessageGroupId (as fair queues do) and return it; KMS encryption is not applied.
#include "emulator/core/ids.h"
#include "emulator/services/sqs/errors.h"
#include "emulator/services/sqs/fifo.h"
#include "emulator/services/sqs/md5_attributes.h"
#include "emulator/services/sqs/message_checks.h"
#include "emulator/services/sqs/message_store.h"
#include "emulator/services/sqs/ops.h"
#include "emulator/services/sqs/queue_store.h"
#include "emulator/services/sqs/receive.h"

namespace terrarium::services::sqs {
namespace {

constexpr int64_t kMaxBatchBytes = 1048576;
constexpr int64_t kMaxDelaySeconds = 900;

void CheckSystemAttributes(const json& attributes) {
  for (const auto& [name, value] : attributes.items()) {
    if (name != "AWSTraceHeader") {
      throw InvalidParameterValue("Message system attribute name '" + name + "' is invalid.");
    }
    if (value.value("DataType", "") != "String" || value.value("StringValue", "").empty()) {
      throw InvalidParameterValue(
          "Message system attribute 'AWSTraceHeader' must be of type String and non-empty.");
    }
  }
}

int64_t DelaySecondsOf(const Queue& queue, const json& entry) {
  auto it = entry.find("DelaySeconds");
  if (it == entry.end() || it->is_null()) return queue.Int("DelaySeconds");
  int64_t delay = it->get<int64_t>();
  if (delay < 0 || delay > kMaxDelaySeconds) {
    throw InvalidParameterValue("DelaySeconds", std::to_string(delay),
                                "DelaySeconds must be >= 0 and <= 900.");
  }
  return delay;
}

json SendResult(const Message& message, bool fifo) {
  json output = {{"MessageId", message.id}, {"MD5OfMessageBody", message.md5_body}};
  if (!message.md5_attributes.empty()) output["MD5OfMessageAttributes"] = message.md5_attributes;
  if (!message.md5_system_attributes.empty()) {
    output["MD5OfMessageSystemAttributes"] = message.md5_system_attributes;
  }
  if (fifo) output["SequenceNumber"] = SequenceNumber(message.seq);
  return output;
}

// Checks and stores one message; returns SendMessage's output.
json SendOne(RequestContext& ctx, storage::WriteTxn& txn, const Queue& queue, const json& entry,
             int64_t now_ms) {
  Message message;
  auto body = entry.find("MessageBody");
  if (body == entry.end() || !body->is_string() || body->get_ref<const std::string&>().empty()) {
    throw MissingParameter("MessageBody");
  }
  message.body = body->get<std::string>();
  CheckMessageCharacters(message.body);
  message.attributes = entry.value("MessageAttributes", json::object());
  CheckMessageAttributes(message.attributes);
  message.system_attributes = entry.value("MessageSystemAttributes", json::object());
  CheckSystemAttributes(message.system_attributes);
  int64_t max_size = queue.Int("MaximumMessageSize");
  if (MessageSize(message.body, message.attributes) > max_size) {
    throw InvalidParameterValue(
        "One or more parameters are invalid. Reason: Message must be "
        "shorter than " +
        std::to_string(max_size) + " bytes.");
  }
  int64_t delay = DelaySecondsOf(queue, entry);
  message.md5_body = Md5OfBody(message.body);
  message.md5_attributes = Md5OfAttributes(message.attributes);
  message.md5_system_attributes = Md5OfAttributes(message.system_attributes);

  std::optional<FifoSend> fifo;
  if (queue.fifo()) {
    fifo = FifoSendIds(queue, entry);
    if (auto duplicate = FindDuplicate(txn, queue, *fifo, now_ms)) {
      message.id = duplicate->message_id;
      message.seq = duplicate->seq;
      return SendResult(message, true);
    }
    message.group_id = fifo->group_id;
    message.dedup_id = fifo->dedup_id;
  } else {
    CheckStandardSend(entry);
    message.group_id = entry.value("MessageGroupId", "");
  }
  message.id = NewUuid();
  message.sender_id = ctx.scope.account;
  message.sent_ms = now_ms;
  message.visible_at_ms = now_ms + delay * 1000;
  PutMessage(txn, queue.Key(), message);
  if (fifo) RememberSend(txn, queue, *fifo, Duplicate{message.id, message.seq}, now_ms);
  return SendResult(message, queue.fifo());
}

}  // namespace

json SendMessage(RequestContext& ctx, const json& input) {
  int64_t now_ms = EpochMs(ctx.clock->Now());
  auto txn = ctx.store->BeginWrite();
  auto queue_ref = ResolveQueueRef(ctx, *txn, input);
  const Queue& queue = *queue_ref;
  json output = SendOne(ctx, *txn, queue, input, now_ms);
  txn->Commit();
  WakePollers(ctx, WaitKey(queue), 1);
  return output;
}

json SendMessageBatch(RequestContext& ctx, const json& input) {
  int64_t now_ms = EpochMs(ctx.clock->Now());
  auto txn = ctx.store->BeginWrite();
  auto queue_ref = ResolveQueueRef(ctx, *txn, input);
  const Queue& queue = *queue_ref;
  json entries = input.value("Entries", json::array());
  CheckBatchEntries(entries, "SendMessageBatchRequestEntry");
  int64_t total = 0;
  for (const auto& entry : entries) {
    total += MessageSize(entry.value("MessageBody", ""),
                         entry.value("MessageAttributes", json::object()));
  }
  if (total > kMaxBatchBytes) {
    throw AwsError("BatchRequestTooLong",
                   "Batch requests cannot be longer than " + std::to_string(kMaxBatchBytes) +
                       " bytes. You have sent " + std::to_string(total) + " bytes.");
  }
  json successful = json::array();
  json failed = json::array();
  for (const auto& entry : entries) {
    std::string id = entry.value("Id", "");
    try {
      json result = SendOne(ctx, *txn, queue, entry, now_ms);
      result["Id"] = id;
      successful.push_back(std::move(result));
    } catch (const AwsError& error) {
      failed.push_back(
          {{"Id", id}, {"SenderFault", true}, {"Code", error.code}, {"Message", error.message}});
    }
  }
  txn->Commit();
  if (!successful.empty()) WakePollers(ctx, WaitKey(queue), successful.size());
  return {{"Successful", successful}, {"Failed", failed}};
}

}  // namespace terrarium::services::sqs
