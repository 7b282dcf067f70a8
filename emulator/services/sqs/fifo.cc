#include "emulator/services/sqs/fifo.h"

#include <cctype>
#include <vector>

#include "emulator/core/encoding.h"
#include "emulator/services/sqs/attributes.h"
#include "emulator/services/sqs/errors.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

constexpr const char* kDedupTable = "sqs.dedup";

// Group and deduplication ids: 1-128 of alphanumerics and punctuation; never a space, which
// separates the parts of the key.
void CheckId(const std::string& parameter, const std::string& value) {
  bool valid = !value.empty() && value.size() <= 128;
  for (unsigned char c : value) valid = valid && std::isgraph(c);
  if (!valid) {
    throw InvalidParameterValue(parameter, value,
                                parameter +
                                    " can only include alphanumeric and punctuation "
                                    "characters. 1 to 128 in length.");
  }
}

std::string DedupKey(const Queue& queue, const FifoSend& ids) {
  bool per_group = queue.Text("DeduplicationScope") == "messageGroup";
  return queue.Key() + " " + (per_group ? ids.group_id : "") + " " + ids.dedup_id;
}

std::string NotValidForQueueType(const std::string& parameter, const std::string& value) {
  return "Value " + value + " for parameter " + parameter +
         " is invalid. Reason: The request include parameter that is not valid for this queue "
         "type.";
}

}  // namespace

FifoSend FifoSendIds(const Queue& queue, const json& entry) {
  FifoSend ids;
  ids.group_id = entry.value("MessageGroupId", "");
  if (ids.group_id.empty()) throw MissingParameter("MessageGroupId");
  CheckId("MessageGroupId", ids.group_id);
  if (entry.contains("DelaySeconds") && entry["DelaySeconds"].is_number() &&
      entry["DelaySeconds"].get<int64_t>() != 0) {
    throw InvalidParameterValue(
        NotValidForQueueType("DelaySeconds", std::to_string(entry["DelaySeconds"].get<int64_t>())));
  }
  ids.dedup_id = entry.value("MessageDeduplicationId", "");
  if (ids.dedup_id.empty()) {
    if (!IsTrue(queue.Text("ContentBasedDeduplication"))) {
      throw InvalidParameterValue(
          "The queue should either have ContentBasedDeduplication enabled or "
          "MessageDeduplicationId provided explicitly");
    }
    ids.dedup_id = HexEncode(Sha256(entry.value("MessageBody", "")));
  } else {
    CheckId("MessageDeduplicationId", ids.dedup_id);
  }
  return ids;
}

void CheckStandardSend(const json& entry) {
  if (entry.contains("MessageDeduplicationId")) {
    throw InvalidParameterValue(NotValidForQueueType(
        "MessageDeduplicationId", entry["MessageDeduplicationId"].get<std::string>()));
  }
}

std::optional<Duplicate> FindDuplicate(storage::ReadTxn& txn, const Queue& queue,
                                       const FifoSend& ids, int64_t now_ms) {
  auto value = storage::GetJson(txn, kDedupTable, DedupKey(queue, ids));
  if (!value || value->at("ExpiresMs").get<int64_t>() <= now_ms) return std::nullopt;
  return Duplicate{value->at("MessageId"), value->at("Seq")};
}

void RememberSend(storage::WriteTxn& txn, const Queue& queue, const FifoSend& ids,
                  const Duplicate& sent, int64_t now_ms) {
  storage::PutJson(txn, kDedupTable, DedupKey(queue, ids),
                   {{"MessageId", sent.message_id},
                    {"Seq", sent.seq},
                    {"ExpiresMs", now_ms + kDeduplicationWindowMs}});
}

void EraseDeduplication(storage::WriteTxn& txn, const Queue& queue) {
  std::vector<std::string> keys;
  txn.Scan(kDedupTable, queue.Key() + " ", "", [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  for (const auto& key : keys) txn.Erase(kDedupTable, key);
}

std::string SequenceNumber(uint64_t seq) { return std::to_string(10000000000000000000ULL + seq); }

}  // namespace terrarium::services::sqs
