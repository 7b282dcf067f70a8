#include "emulator/services/sqs/receive_attempts.h"

#include <fmt/format.h>

#include <cctype>

#include "emulator/services/sqs/errors.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

constexpr const char* kAttempts = "sqs.attempts";
constexpr const char* kAttemptTimes = "sqs.attempt_times";
constexpr size_t kMaxAttemptIdLength = 128;

std::string AttemptKey(const Queue& queue, const std::string& id) { return queue.Key() + "/" + id; }

std::string TimeKey(const Queue& queue, int64_t at_ms, const std::string& id) {
  return fmt::format("{}/{:015}/{}", queue.Key(), at_ms, id);
}

void EraseAttempt(storage::WriteTxn& txn, const Queue& queue, const std::string& id,
                  int64_t at_ms) {
  txn.Erase(kAttempts, AttemptKey(queue, id));
  txn.Erase(kAttemptTimes, TimeKey(queue, at_ms, id));
}

// Drops the queue's attempts older than the window, oldest first, stopping at the first young one.
void DropExpired(storage::WriteTxn& txn, const Queue& queue, int64_t now_ms) {
  std::string prefix = queue.Key() + "/";
  std::vector<std::string> expired;
  txn.Scan(kAttemptTimes, prefix, "", [&](std::string_view key, std::string_view) {
    std::string_view tail = key.substr(prefix.size());
    int64_t at_ms = std::stoll(std::string(tail.substr(0, 15)));
    if (now_ms - at_ms < kReceiveAttemptWindowMs) return false;
    expired.emplace_back(key);
    return true;
  });
  for (const auto& key : expired) {
    txn.Erase(kAttemptTimes, key);
    txn.Erase(kAttempts, prefix + key.substr(prefix.size() + 16));
  }
}

}  // namespace

void CheckReceiveAttemptId(const std::string& id) {
  bool valid = !id.empty() && id.size() <= kMaxAttemptIdLength;
  for (unsigned char c : id) valid = valid && (std::isalnum(c) || std::ispunct(c));
  if (!valid) {
    throw InvalidParameterValue("ReceiveRequestAttemptId", id,
                                "ReceiveRequestAttemptId can only include alphanumeric and "
                                "punctuation characters. 1 to 128 in length.");
  }
}

bool HasReceiveAttempt(storage::ReadTxn& txn, const Queue& queue, const std::string& id,
                       int64_t now_ms) {
  auto record = storage::GetJson(txn, kAttempts, AttemptKey(queue, id));
  return record && now_ms - record->at("AtMs").get<int64_t>() < kReceiveAttemptWindowMs;
}

std::optional<std::vector<Message>> ReplayReceiveAttempt(storage::WriteTxn& txn, const Queue& queue,
                                                         const std::string& id, int64_t now_ms,
                                                         int64_t visibility_ms) {
  auto record = storage::GetJson(txn, kAttempts, AttemptKey(queue, id));
  if (!record) return std::nullopt;
  int64_t at_ms = record->at("AtMs");
  if (now_ms - at_ms >= kReceiveAttemptWindowMs) {
    EraseAttempt(txn, queue, id, at_ms);
    return std::nullopt;
  }
  std::vector<Message> messages;
  for (const json& entry : record->at("Messages")) {
    auto message = LoadMessage(txn, queue.Key(), entry.at("Seq").get<uint64_t>());
    // Deleted, received again, or its visibility changed: the attempt cannot be replayed.
    if (!message || message->receipt != entry.at("Receipt").get<std::string>() ||
        message->visible_at_ms != entry.at("VisibleAtMs").get<int64_t>()) {
      EraseAttempt(txn, queue, id, at_ms);
      return std::nullopt;
    }
    messages.push_back(std::move(*message));
  }
  for (Message& message : messages) {
    int64_t old_visible_at = message.visible_at_ms;
    message.visible_at_ms = now_ms + visibility_ms;
    message.received_ms = now_ms;
    UpdateMessage(txn, queue.Key(), message, old_visible_at, !message.receipt.empty());
  }
  EraseAttempt(txn, queue, id, at_ms);
  RememberReceiveAttempt(txn, queue, id, at_ms, messages);
  return messages;
}

void RememberReceiveAttempt(storage::WriteTxn& txn, const Queue& queue, const std::string& id,
                            int64_t now_ms, const std::vector<Message>& messages) {
  DropExpired(txn, queue, now_ms);
  if (messages.empty()) return;
  if (auto old = storage::GetJson(txn, kAttempts, AttemptKey(queue, id))) {
    EraseAttempt(txn, queue, id, old->at("AtMs").get<int64_t>());
  }
  json entries = json::array();
  for (const Message& m : messages) {
    entries.push_back({{"Seq", m.seq}, {"Receipt", m.receipt}, {"VisibleAtMs", m.visible_at_ms}});
  }
  storage::PutJson(txn, kAttempts, AttemptKey(queue, id),
                   {{"AtMs", now_ms}, {"Messages", entries}});
  txn.Put(kAttemptTimes, TimeKey(queue, now_ms, id), "");
}

void EraseReceiveAttempts(storage::WriteTxn& txn, const Queue& queue) {
  std::string prefix = queue.Key() + "/";
  for (const char* table : {kAttempts, kAttemptTimes}) {
    std::vector<std::string> keys;
    txn.Scan(table, prefix, "", [&](std::string_view key, std::string_view) {
      keys.emplace_back(key);
      return true;
    });
    for (const auto& key : keys) txn.Erase(table, key);
  }
}

}  // namespace terrarium::services::sqs
