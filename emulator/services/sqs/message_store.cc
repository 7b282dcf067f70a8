#include "emulator/services/sqs/message_store.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "emulator/storage/json_table.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

constexpr const char* kMessages = "sqs.messages";
constexpr const char* kVisibility = "sqs.visibility";
constexpr const char* kSequence = "sqs.sequence";

std::string MessageKey(const std::string& queue_key, uint64_t seq) {
  return fmt::format("{}/{:020}", queue_key, seq);
}

std::string IndexKey(const std::string& queue_key, int64_t visible_at_ms, uint64_t seq) {
  return fmt::format("{}/{:015}/{:020}", queue_key, visible_at_ms, seq);
}

json ToJson(const Message& m) {
  json value = {{"Seq", m.seq},
                {"MessageId", m.id},
                {"Body", m.body},
                {"MD5OfBody", m.md5_body},
                {"SenderId", m.sender_id},
                {"SentMs", m.sent_ms},
                {"VisibleAtMs", m.visible_at_ms},
                {"ReceiveCount", m.receive_count}};
  if (!m.attributes.empty()) {
    value["MessageAttributes"] = m.attributes;
    value["MD5OfMessageAttributes"] = m.md5_attributes;
  }
  if (!m.system_attributes.empty()) {
    value["MessageSystemAttributes"] = m.system_attributes;
    value["MD5OfMessageSystemAttributes"] = m.md5_system_attributes;
  }
  if (m.first_receive_ms != 0) value["FirstReceiveMs"] = m.first_receive_ms;
  if (m.received_ms != 0) value["ReceivedMs"] = m.received_ms;
  if (!m.receipt.empty()) value["Receipt"] = m.receipt;
  if (!m.group_id.empty()) value["MessageGroupId"] = m.group_id;
  if (!m.dedup_id.empty()) value["MessageDeduplicationId"] = m.dedup_id;
  if (!m.dead_letter_source_arn.empty())
    value["DeadLetterQueueSourceArn"] = m.dead_letter_source_arn;
  return value;
}

Message FromJson(const json& v) {
  Message m;
  m.seq = v.at("Seq");
  m.id = v.at("MessageId");
  m.body = v.at("Body");
  m.md5_body = v.at("MD5OfBody");
  m.sender_id = v.at("SenderId");
  m.sent_ms = v.at("SentMs");
  m.visible_at_ms = v.at("VisibleAtMs");
  m.receive_count = v.at("ReceiveCount");
  m.attributes = v.value("MessageAttributes", json::object());
  m.md5_attributes = v.value("MD5OfMessageAttributes", "");
  m.system_attributes = v.value("MessageSystemAttributes", json::object());
  m.md5_system_attributes = v.value("MD5OfMessageSystemAttributes", "");
  m.first_receive_ms = v.value("FirstReceiveMs", int64_t{0});
  m.received_ms = v.value("ReceivedMs", int64_t{0});
  m.receipt = v.value("Receipt", "");
  m.group_id = v.value("MessageGroupId", "");
  m.dedup_id = v.value("MessageDeduplicationId", "");
  m.dead_letter_source_arn = v.value("DeadLetterQueueSourceArn", "");
  return m;
}

// Parses "<visible at>/<seq>", the tail of an index key after "<queue key>/".
bool ParseIndexTail(std::string_view tail, int64_t& visible_at_ms, uint64_t& seq) {
  if (tail.size() != 15 + 1 + 20) return false;
  auto a = std::from_chars(tail.data(), tail.data() + 15, visible_at_ms);
  auto b = std::from_chars(tail.data() + 16, tail.data() + tail.size(), seq);
  return a.ec == std::errc() && b.ec == std::errc();
}

}  // namespace

void PutMessage(storage::WriteTxn& txn, const std::string& queue_key, const Message& message) {
  storage::PutJson(txn, kMessages, MessageKey(queue_key, message.seq), ToJson(message));
  txn.Put(kVisibility, IndexKey(queue_key, message.visible_at_ms, message.seq), "");
}

void UpdateMessage(storage::WriteTxn& txn, const std::string& queue_key, const Message& message,
                   int64_t old_visible_at_ms) {
  if (old_visible_at_ms != message.visible_at_ms) {
    txn.Erase(kVisibility, IndexKey(queue_key, old_visible_at_ms, message.seq));
  }
  PutMessage(txn, queue_key, message);
}

void EraseMessage(storage::WriteTxn& txn, const std::string& queue_key, const Message& message) {
  txn.Erase(kMessages, MessageKey(queue_key, message.seq));
  txn.Erase(kVisibility, IndexKey(queue_key, message.visible_at_ms, message.seq));
}

std::optional<Message> LoadMessage(storage::ReadTxn& txn, const std::string& queue_key,
                                   uint64_t seq) {
  auto value = storage::GetJson(txn, kMessages, MessageKey(queue_key, seq));
  if (!value) return std::nullopt;
  return FromJson(*value);
}

void EraseAllMessages(storage::WriteTxn& txn, const std::string& queue_key) {
  std::string prefix = queue_key + "/";
  for (const char* table : {kMessages, kVisibility}) {
    std::vector<std::string> keys;
    txn.Scan(table, prefix, "", [&](std::string_view key, std::string_view) {
      keys.emplace_back(key);
      return true;
    });
    for (const auto& key : keys) txn.Erase(table, key);
  }
}

std::vector<uint64_t> VisibleSeqs(storage::ReadTxn& txn, const std::string& queue_key,
                                  int64_t now_ms, size_t limit, std::string& last_key) {
  std::string prefix = queue_key + "/";
  std::vector<uint64_t> seqs;
  txn.Scan(kVisibility, prefix, last_key, [&](std::string_view key, std::string_view) {
    int64_t visible_at = 0;
    uint64_t seq = 0;
    if (!ParseIndexTail(key.substr(prefix.size()), visible_at, seq)) return true;
    if (visible_at > now_ms) return false;
    last_key = std::string(key);
    seqs.push_back(seq);
    return seqs.size() < limit;
  });
  return seqs;
}

void ScanMessages(storage::ReadTxn& txn, const std::string& queue_key,
                  const std::function<bool(const Message&)>& fn) {
  txn.Scan(kMessages, queue_key + "/", "", [&](std::string_view, std::string_view value) {
    return fn(FromJson(json::parse(value)));
  });
}

std::optional<int64_t> NextVisibleAfter(storage::ReadTxn& txn, const std::string& queue_key,
                                        int64_t now_ms) {
  std::string prefix = queue_key + "/";
  std::optional<int64_t> next;
  // Every key of a later time sorts after the largest key of `now_ms`.
  std::string after = IndexKey(queue_key, now_ms, UINT64_MAX);
  txn.Scan(kVisibility, prefix, after, [&](std::string_view key, std::string_view) {
    int64_t visible_at = 0;
    uint64_t seq = 0;
    if (ParseIndexTail(key.substr(prefix.size()), visible_at, seq)) next = visible_at;
    return false;
  });
  return next;
}

uint64_t NextSeq(storage::WriteTxn& txn, const std::string& queue_key) {
  uint64_t next = 1;
  if (auto text = txn.Get(kSequence, queue_key)) next = std::stoull(*text) + 1;
  txn.Put(kSequence, queue_key, std::to_string(next));
  return next;
}

void EraseSeq(storage::WriteTxn& txn, const std::string& queue_key) {
  txn.Erase(kSequence, queue_key);
}

}  // namespace terrarium::services::sqs
