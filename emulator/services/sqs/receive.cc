#include "emulator/services/sqs/receive.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_set>

#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/services/sqs/errors.h"
#include "emulator/services/sqs/redrive_policy.h"

namespace terrarium::services::sqs {
namespace {

// Visible messages in FIFO order: by sequence, skipping every group whose earliest message is
// in flight (or still delayed).
std::vector<uint64_t> FifoCandidates(storage::ReadTxn& txn, const Queue& queue, int64_t now_ms,
                                     size_t max) {
  if (HasGroupIndex(txn, queue.Key())) return FifoVisibleSeqs(txn, queue.Key(), now_ms, max);
  // A store from before the group entries: read the queue in order.
  std::vector<uint64_t> seqs;
  std::set<std::string> blocked;
  ScanMessages(txn, queue.Key(), [&](const Message& m) {
    if (blocked.count(m.group_id)) return true;
    if (m.visible_at_ms > now_ms) {
      blocked.insert(m.group_id);
      return true;
    }
    seqs.push_back(m.seq);
    return seqs.size() < max;
  });
  return seqs;
}

}  // namespace

int64_t EpochMs(Clock::TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

Clock::TimePoint FromEpochMs(int64_t ms) {
  return Clock::TimePoint(
      std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::milliseconds(ms)));
}

bool HasVisibleMessage(storage::ReadTxn& txn, const Queue& queue, int64_t now_ms) {
  if (queue.fifo()) return !FifoCandidates(txn, queue, now_ms, 1).empty();
  std::string last_key;
  return !VisibleSeqs(txn, queue.Key(), now_ms, 1, last_key).empty();
}

MessageCounts CountMessages(storage::WriteTxn& txn, const Queue& queue, int64_t now_ms) {
  // Expired messages are erased (and uncounted) from the oldest on; each is read once.
  int64_t retention_ms = queue.Int("MessageRetentionPeriod") * 1000;
  std::vector<Message> expired;
  ScanMessages(txn, queue.Key(), [&](const Message& m) {
    if (m.sent_ms + retention_ms > now_ms) return false;
    expired.push_back(m);
    return true;
  });
  for (const Message& m : expired) EraseMessage(txn, queue.Key(), m);
  return CountNow(txn, queue.Key(), now_ms);
}

void MoveMessage(storage::WriteTxn& txn, const Queue& source, Message message, const Queue& target,
                 int64_t now_ms, bool mark_dead_letter_source) {
  EraseMessage(txn, source.Key(), message);
  message.visible_at_ms = now_ms;
  message.receipt.clear();
  message.receive_count = 0;
  message.first_receive_ms = 0;
  message.received_ms = 0;
  if (mark_dead_letter_source) message.dead_letter_source_arn = source.Arn();
  PutMessage(txn, target.Key(), message);
}

ReceiveResult ReceiveFrom(storage::WriteTxn& txn, const Queue& queue, int64_t now_ms, size_t max,
                          int64_t visibility_ms) {
  ReceiveResult result;
  int64_t retention_ms = queue.Int("MessageRetentionPeriod") * 1000;
  std::optional<Redrive> redrive = RedriveOf(queue);
  std::optional<Queue> dead_letter;
  if (redrive) dead_letter = FindQueueByArn(txn, redrive->target_arn);

  std::unordered_set<uint64_t> seen;
  std::string last_key;
  while (result.messages.size() < max) {
    size_t wanted = max - result.messages.size();
    std::vector<uint64_t> seqs = queue.fifo()
                                     ? FifoCandidates(txn, queue, now_ms, wanted)
                                     : VisibleSeqs(txn, queue.Key(), now_ms, wanted, last_key);
    bool progressed = false;
    for (uint64_t seq : seqs) {
      if (!seen.insert(seq).second) continue;
      progressed = true;
      std::optional<Message> loaded = LoadMessage(txn, queue.Key(), seq);
      if (!loaded) continue;
      Message message = std::move(*loaded);
      if (message.sent_ms + retention_ms <= now_ms) {
        EraseMessage(txn, queue.Key(), message);
        continue;
      }
      if (dead_letter && message.receive_count >= redrive->max_receive_count) {
        MoveMessage(txn, queue, std::move(message), *dead_letter, now_ms, true);
        result.wake_keys.push_back(WaitKey(*dead_letter));
        continue;
      }
      int64_t old_visible_at = message.visible_at_ms;
      bool was_received = !message.receipt.empty();
      message.receive_count += 1;
      if (message.first_receive_ms == 0) message.first_receive_ms = now_ms;
      message.received_ms = now_ms;
      message.visible_at_ms = now_ms + visibility_ms;
      // A fresh nonce, with the time this receive made the message visible again: a delete
      // finds the index entry by it without reading the message.
      message.receipt = NewUuid() + ":" + std::to_string(message.visible_at_ms);
      UpdateMessage(txn, queue.Key(), message, old_visible_at, was_received);
      result.messages.push_back(std::move(message));
    }
    // A standard queue's index scan moves on; FIFO candidates repeat once all were seen.
    if (seqs.empty() || (queue.fifo() && !progressed)) break;
  }
  return result;
}

std::string ReceiptHandle(const Queue& queue, const Message& message) {
  std::string handle = std::to_string(message.seq);
  handle.append("|").append(message.receipt).append("|");
  queue.AppendArn(handle);
  return Base64Encode(handle);
}

Receipt ParseReceiptHandle(const Queue& queue, const std::string& handle) {
  auto decoded = Base64Decode(handle);
  if (!decoded) throw ReceiptHandleIsInvalid(handle);
  auto first = decoded->find('|');
  auto second = first == std::string::npos ? first : decoded->find('|', first + 1);
  if (second == std::string::npos || !queue.IsArn(std::string_view(*decoded).substr(second + 1))) {
    throw ReceiptHandleIsInvalid(handle);
  }
  Receipt receipt;
  std::string seq = decoded->substr(0, first);
  if (seq.empty() || seq.size() > 19 || seq.find_first_not_of("0123456789") != std::string::npos) {
    throw ReceiptHandleIsInvalid(handle);
  }
  receipt.seq = std::stoull(seq);
  receipt.nonce = decoded->substr(first + 1, second - first - 1);
  if (auto colon = receipt.nonce.find(':'); colon != std::string::npos) {
    std::string_view hint = std::string_view(receipt.nonce).substr(colon + 1);
    int64_t visible_at = 0;
    auto parsed = std::from_chars(hint.data(), hint.data() + hint.size(), visible_at);
    if (parsed.ec == std::errc() && parsed.ptr == hint.data() + hint.size()) {
      receipt.visible_at_ms = visible_at;
    }
  }
  return receipt;
}

PollDecision DecidePoll(Clock::TimePoint now, int64_t wait_seconds, bool can_wait,
                        std::optional<Clock::TimePoint> poll_deadline,
                        std::optional<Clock::TimePoint> next_visible) {
  PollDecision decision;
  if (!can_wait || (wait_seconds <= 0 && !poll_deadline)) return decision;
  decision.deadline = poll_deadline ? *poll_deadline : now + std::chrono::seconds(wait_seconds);
  if (decision.deadline <= now) return decision;
  decision.answer_now = false;
  if (next_visible && *next_visible < decision.deadline) {
    decision.wake_at = std::max(*next_visible, now);
  }
  return decision;
}

}  // namespace terrarium::services::sqs
