// Which messages a receive gets and what it does to them: visibility, retention expiry, the
// dead-letter move after maxReceiveCount, FIFO group order (a group with a message in flight
// gives nothing). Also receipt handles and the long-poll decision. Pure store logic with the
// time passed in, so tests drive it with a ManualClock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/clock.h"
#include "emulator/services/sqs/attributes.h"
#include "emulator/services/sqs/message_store.h"
#include "emulator/services/sqs/queue_store.h"
#include "emulator/storage/store.h"

namespace terrarium::services::sqs {

struct ReceiveResult {
  std::vector<Message> messages;
  // Queues that got messages (dead-letter queues): their long polls should be woken.
  std::vector<std::string> wake_keys;
};

// Receives up to `max` messages visible at `now_ms`, hiding them for `visibility_ms`.
ReceiveResult ReceiveFrom(storage::WriteTxn& txn, const Queue& queue, int64_t now_ms, size_t max,
                          int64_t visibility_ms);

// Whether a receive at `now_ms` could get a message (or must look: an expired or dead-letter
// one), judged without writing.
bool HasVisibleMessage(storage::ReadTxn& txn, const Queue& queue, int64_t now_ms);

// How many messages of the queue are visible, in flight and delayed at `now_ms`, after erasing
// the expired ones at the head of the queue (send order). Not a scan: the store keeps a tally.
// A message moved into a dead-letter queue keeps its first send time, so it can expire behind
// younger ones; it is counted until a receive or a count reaches it.
MessageCounts CountMessages(storage::WriteTxn& txn, const Queue& queue, int64_t now_ms);

// Moves one message into `target` (a dead-letter queue or a redrive destination).
void MoveMessage(storage::WriteTxn& txn, const Queue& source, Message message, const Queue& target,
                 int64_t now_ms, bool mark_dead_letter_source);

// A receipt handle names the queue, the message and the receive it came from.
std::string ReceiptHandle(const Queue& queue, const Message& message);
struct Receipt {
  uint64_t seq = 0;
  std::string nonce;  // "<uuid>:<visible at ms>" (older handles: 20 letters and digits)
  // The visibility the receive set, from the nonce; outdated once the visibility changes.
  std::optional<int64_t> visible_at_ms;
};
// Throws ReceiptHandleIsInvalid unless `handle` is one of this queue's.
Receipt ParseReceiptHandle(const Queue& queue, const std::string& handle);

// What a receive that found nothing does next: answer now (empty), or wait until `deadline`
// for a notification, looking again at `wake_at` (a message becoming visible by time).
struct PollDecision {
  bool answer_now = true;
  Clock::TimePoint deadline;
  std::optional<Clock::TimePoint> wake_at;
};
PollDecision DecidePoll(Clock::TimePoint now, int64_t wait_seconds, bool can_wait,
                        std::optional<Clock::TimePoint> poll_deadline,
                        std::optional<Clock::TimePoint> next_visible);

int64_t EpochMs(Clock::TimePoint time);
Clock::TimePoint FromEpochMs(int64_t ms);

}  // namespace terrarium::services::sqs
