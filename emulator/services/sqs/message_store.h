// Messages in the store. "sqs.messages" holds each message under "<queue key>/<seq>" (send
// order); "sqs.visibility" indexes them by the time they become visible,
// "<queue key>/<visible at ms>/<seq>", so a receive reads the visible ones first without
// scanning the queue.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/storage/store.h"

namespace terrarium::services::sqs {

struct Message {
  uint64_t seq = 0;  // per queue, increasing; the store key and the FIFO SequenceNumber
  std::string id;    // MessageId (a UUID)
  std::string body;
  std::string md5_body;
  nlohmann::json attributes = nlohmann::json::object();         // message attributes as sent
  nlohmann::json system_attributes = nlohmann::json::object();  // AWSTraceHeader
  std::string md5_attributes;                                   // empty without attributes
  std::string md5_system_attributes;
  std::string sender_id;
  int64_t sent_ms = 0;
  int64_t visible_at_ms = 0;
  int64_t first_receive_ms = 0;  // 0 until received
  int64_t received_ms = 0;       // the latest receive (its visibility is capped at 12 h from it)
  int64_t receive_count = 0;
  std::string receipt;  // nonce of the latest receive
  std::string group_id;
  std::string dedup_id;
  std::string dead_letter_source_arn;
};

struct MessageCounts {
  int64_t visible = 0;
  int64_t not_visible = 0;  // in flight
  int64_t delayed = 0;
};

// Writes a new message (or one moved in from another queue) with its index entry, numbered
// with the queue's next sequence number (starting at 1), which it sets in `message.seq`.
void PutMessage(storage::WriteTxn& txn, const std::string& queue_key, Message& message);
// Rewrites a message whose visibility (or receive state) changed; `old_visible_at_ms` is the
// time it was indexed under and `was_received` whether it had a receipt then (so the tally moves
// it from the right bucket without reading its old index entry).
void UpdateMessage(storage::WriteTxn& txn, const std::string& queue_key, const Message& message,
                   int64_t old_visible_at_ms, bool was_received);
void EraseMessage(storage::WriteTxn& txn, const std::string& queue_key, const Message& message);
// Erases the message `seq` if it is indexed as visible at `visible_at_ms` with the receipt
// `nonce` (a receipt handle's record of its receive); false if not, so that the caller reads
// the message (its visibility may have been changed since).
bool EraseByReceipt(storage::WriteTxn& txn, const std::string& queue_key, uint64_t seq,
                    int64_t visible_at_ms, std::string_view nonce);
std::optional<Message> LoadMessage(storage::ReadTxn& txn, const std::string& queue_key,
                                   uint64_t seq);
// Erases every message of the queue (DeleteQueue, PurgeQueue).
void EraseAllMessages(storage::WriteTxn& txn, const std::string& queue_key);

// How many messages of the queue are visible, in flight and delayed at `now_ms`, from the
// tally every message write keeps ("sqs.counts"); reads only the index entries whose
// visibility time passed since the last count. Expired messages are the caller's to erase first.
MessageCounts CountNow(storage::WriteTxn& txn, const std::string& queue_key, int64_t now_ms);

// Up to `limit` sequence numbers of messages visible at `now_ms`, earliest visible first,
// after the index key `start_after` (empty: from the start); `last_key` is set to the last
// index key read.
std::vector<uint64_t> VisibleSeqs(storage::ReadTxn& txn, const std::string& queue_key,
                                  int64_t now_ms, size_t limit, std::string& last_key);
// FIFO queues: the visible messages at `now_ms` that a receive may take, up to `max`, in send
// order: of every group, the messages before its first invisible one. Reads each blocked group's
// first message only ("sqs.groups" lists each group's messages).
std::vector<uint64_t> FifoVisibleSeqs(storage::ReadTxn& txn, const std::string& queue_key,
                                      int64_t now_ms, size_t max);
// Whether the queue's group entries can be trusted (false only for a store written before they
// were kept, until its first message write).
bool HasGroupIndex(storage::ReadTxn& txn, const std::string& queue_key);
// Every message of the queue in send order; return false to stop.
void ScanMessages(storage::ReadTxn& txn, const std::string& queue_key,
                  const std::function<bool(const Message&)>& fn);
// The earliest time after `now_ms` at which a message of the queue becomes visible.
std::optional<int64_t> NextVisibleAfter(storage::ReadTxn& txn, const std::string& queue_key,
                                        int64_t now_ms);
// Erases the queue's tally and sequence (DeleteQueue, after EraseAllMessages).
void EraseCounters(storage::WriteTxn& txn, const std::string& queue_key);

}  // namespace terrarium::services::sqs
