// FIFO queue rules at send time: group and deduplication ids, the 5-minute deduplication
// window ("sqs.dedup", one entry per id within the queue or its message group), sequence numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/services/sqs/queue_store.h"
#include "emulator/storage/store.h"

namespace terrarium::services::sqs {

inline constexpr int64_t kDeduplicationWindowMs = 5 * 60 * 1000;

struct FifoSend {
  std::string group_id;
  std::string dedup_id;
};
// The group and deduplication ids of a send to a FIFO queue (content-based: the SHA-256 of the
// body); throws MissingParameter / InvalidParameterValue.
FifoSend FifoSendIds(const Queue& queue, const nlohmann::json& entry);
// Rejects FIFO-only parameters sent to a standard queue.
void CheckStandardSend(const nlohmann::json& entry);

struct Duplicate {
  std::string message_id;
  uint64_t seq = 0;
};
// A message with the same deduplication id accepted within the window.
std::optional<Duplicate> FindDuplicate(storage::ReadTxn& txn, const Queue& queue,
                                       const FifoSend& ids, int64_t now_ms);
void RememberSend(storage::WriteTxn& txn, const Queue& queue, const FifoSend& ids,
                  const Duplicate& sent, int64_t now_ms);
void EraseDeduplication(storage::WriteTxn& txn, const Queue& queue);

// The SequenceNumber AWS shows for a message: a 20-digit decimal that grows within the queue.
std::string SequenceNumber(uint64_t seq);

}  // namespace terrarium::services::sqs
