// ReceiveRequestAttemptId on FIFO queues: a receive retried with the same id within 5 minutes
// gets the same messages and receipt handles again (their visibility timeout restarts), as long
// as none of them was deleted or had its visibility changed since.
// "sqs.attempts" holds "<queue key>/<attempt id>" -> {AtMs, Messages: [{Seq, Receipt,
// VisibleAtMs}]}, and "sqs.attempt_times" "<queue key>/<at ms>/<attempt id>" so that expired
// attempts are dropped oldest first as new ones come.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/services/sqs/message_store.h"
#include "emulator/services/sqs/queue_store.h"
#include "emulator/storage/store.h"

namespace terrarium::services::sqs {

inline constexpr int64_t kReceiveAttemptWindowMs = 5 * 60 * 1000;

// Throws InvalidParameterValue unless `id` is 1 to 128 alphanumeric or punctuation characters.
void CheckReceiveAttemptId(const std::string& id);
// Whether an unexpired attempt with this id exists (a receive must then take the write path).
bool HasReceiveAttempt(storage::ReadTxn& txn, const Queue& queue, const std::string& id,
                       int64_t now_ms);
// The attempt's messages with their visibility restarted, if the attempt can be replayed.
std::optional<std::vector<Message>> ReplayReceiveAttempt(storage::WriteTxn& txn, const Queue& queue,
                                                         const std::string& id, int64_t now_ms,
                                                         int64_t visibility_ms);
// Records what a receive with this id returned (nothing is recorded for an empty receive).
void RememberReceiveAttempt(storage::WriteTxn& txn, const Queue& queue, const std::string& id,
                            int64_t now_ms, const std::vector<Message>& messages);
void EraseReceiveAttempts(storage::WriteTxn& txn, const Queue& queue);

}  // namespace terrarium::services::sqs
