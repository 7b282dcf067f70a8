#include "emulator/services/sqs/message_store.h"

#include "emulator/services/sqs/message_record.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

constexpr const char* kMessages = "sqs.messages";
constexpr const char* kVisibility = "sqs.visibility";
// "<queue key>" -> the last sequence number given out, as stores before the tally held it
// (the tally holds it since; read once, then erased).
constexpr const char* kLegacySequence = "sqs.sequence";
// "<queue key>" -> "<as of ms> <visible> <in flight> <delayed> <last seq>": every message of
// the queue, counted by where its visibility stood at `as of` (visible by then; otherwise in
// flight once received, delayed if never received), and the last sequence number given out.
// Every write of a message adjusts it, and counting at a later time moves only the index
// entries whose visibility time passed since `as of`, so GetQueueAttributes never reads the
// whole queue. A send reads and writes this one record (stores before kept the sequence apart,
// which cost a send a second table). Records without `last seq` are older: kLegacySequence.
constexpr const char* kCounts = "sqs.counts";
// FIFO queues: "<queue key>/<group id> <seq>" -> "", each group's messages in order, so a
// receive steps from group to group instead of reading every message of a blocked group. Group
// ids are printable ASCII without spaces, so the space ends the id and sorts before any of its
// characters ("a" before "a!").
constexpr const char* kGroups = "sqs.groups";

bool IsFifoKey(const std::string& queue_key) { return queue_key.ends_with(".fifo"); }

// Appends `value` zero-padded to `width` characters (a sign included), as fmt's "{:0<width>}"
// does: keys are built per message write, and fmt's formatting cost more than the key's bytes.
void AppendPadded(std::string& out, uint64_t magnitude, bool negative, size_t width) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, magnitude);
  size_t length = static_cast<size_t>(end - digits) + (negative ? 1 : 0);
  if (negative) out += '-';
  if (length < width) out.append(width - length, '0');
  out.append(digits, end);
}

void AppendPadded(std::string& out, uint64_t value, size_t width) {
  AppendPadded(out, value, false, width);
}

void AppendPadded(std::string& out, int64_t value, size_t width) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  AppendPadded(out, magnitude, value < 0, width);
}

std::string GroupKey(const std::string& queue_key, const std::string& group, uint64_t seq) {
  std::string key;
  key.reserve(queue_key.size() + group.size() + 22);
  key.append(queue_key).append(1, '/').append(group).append(1, ' ');
  AppendPadded(key, seq, 20);
  return key;
}

std::string MessageKey(const std::string& queue_key, uint64_t seq) {
  std::string key;
  key.reserve(queue_key.size() + 21);
  key.append(queue_key).append(1, '/');
  AppendPadded(key, seq, 20);
  return key;
}

std::string IndexKey(const std::string& queue_key, int64_t visible_at_ms, uint64_t seq) {
  std::string key;
  key.reserve(queue_key.size() + 37);
  key.append(queue_key).append(1, '/');
  AppendPadded(key, visible_at_ms, 15);
  key.append(1, '/');
  AppendPadded(key, seq, 20);
  return key;
}

// Parses "<visible at>/<seq>", the tail of an index key after "<queue key>/".
bool ParseIndexTail(std::string_view tail, int64_t& visible_at_ms, uint64_t& seq) {
  if (tail.size() != 15 + 1 + 20) return false;
  auto a = std::from_chars(tail.data(), tail.data() + 15, visible_at_ms);
  auto b = std::from_chars(tail.data() + 16, tail.data() + tail.size(), seq);
  return a.ec == std::errc() && b.ec == std::errc();
}

}  // namespace

namespace {

struct Tally {
  int64_t as_of_ms = 0;
  int64_t visible = 0;
  int64_t in_flight = 0;
  int64_t delayed = 0;
  uint64_t last_seq = 0;  // the last sequence number given to a message of the queue
  // `last_seq` came from kLegacySequence, whose record goes when the tally is written.
  bool legacy_seq = false;
};

// The last sequence number of a store that kept it apart (0: none given out).
uint64_t ReadLegacySeq(storage::ReadTxn& txn, const std::string& queue_key, Tally& tally) {
  auto text = txn.Get(kLegacySequence, queue_key);
  if (!text) return 0;
  tally.legacy_seq = true;
  uint64_t seq = 0;
  std::from_chars(text->data(), text->data() + text->size(), seq);
  return seq;
}

std::optional<Tally> ReadTally(storage::ReadTxn& txn, const std::string& queue_key) {
  auto text = txn.Get(kCounts, queue_key);
  if (!text) return std::nullopt;
  Tally tally;
  const char* p = text->data();
  const char* end = p + text->size();
  for (int64_t* field : {&tally.as_of_ms, &tally.visible, &tally.in_flight, &tally.delayed}) {
    while (p < end && *p == ' ') ++p;
    p = std::from_chars(p, end, *field).ptr;
  }
  while (p < end && *p == ' ') ++p;
  if (p == end) {
    tally.last_seq = ReadLegacySeq(txn, queue_key, tally);  // a record of four fields
  } else {
    std::from_chars(p, end, tally.last_seq);
  }
  return tally;
}

void WriteTally(storage::WriteTxn& txn, const std::string& queue_key, Tally& tally) {
  std::string text;
  text.reserve(64);
  for (int64_t field : {tally.as_of_ms, tally.visible, tally.in_flight, tally.delayed}) {
    AppendPadded(text, field, 0);
    text += ' ';
  }
  AppendPadded(text, tally.last_seq, 0);
  txn.Put(kCounts, queue_key, text);
  if (tally.legacy_seq) txn.Erase(kLegacySequence, queue_key);
  tally.legacy_seq = false;
}

// The tally of a queue without one (stores written before it was kept), from its messages, as
// of time 0. Also records each received message's nonce in its index entry (older stores left
// it empty), which tells in-flight from delayed entries.
Tally RebuildTally(storage::WriteTxn& txn, const std::string& queue_key) {
  Tally tally;
  uint64_t last_seq = ReadLegacySeq(txn, queue_key, tally);
  std::vector<std::pair<std::string, std::string>> receipts;
  std::vector<std::string> groups;
  txn.Scan(kMessages, queue_key + "/", "", [&](std::string_view, std::string_view record) {
    Message m = DecodeMessage(record);
    last_seq = std::max(last_seq, m.seq);
    if (IsFifoKey(queue_key)) groups.push_back(GroupKey(queue_key, m.group_id, m.seq));
    if (m.receipt.empty()) {
      ++tally.delayed;
    } else {
      ++tally.in_flight;
      receipts.emplace_back(IndexKey(queue_key, m.visible_at_ms, m.seq), m.receipt);
    }
    return true;
  });
  tally.last_seq = last_seq;
  for (const auto& [key, receipt] : receipts) txn.Put(kVisibility, key, receipt);
  for (const auto& key : groups) txn.Put(kGroups, key, "");
  return tally;
}

Tally LoadTally(storage::WriteTxn& txn, const std::string& queue_key) {
  if (auto tally = ReadTally(txn, queue_key)) return *tally;
  return RebuildTally(txn, queue_key);
}

// Counts one message in (delta 1) or out (-1), before its index entry is written or erased.
void CountIn(Tally& tally, int64_t visible_at_ms, bool received, int64_t delta) {
  if (visible_at_ms <= tally.as_of_ms) {
    tally.visible += delta;
  } else if (received) {
    tally.in_flight += delta;
  } else {
    tally.delayed += delta;
  }
}

void Count(storage::WriteTxn& txn, const std::string& queue_key, int64_t visible_at_ms,
           bool received, int64_t delta) {
  Tally tally = LoadTally(txn, queue_key);
  CountIn(tally, visible_at_ms, received, delta);
  WriteTally(txn, queue_key, tally);
}

void PutRecords(storage::WriteTxn& txn, const std::string& queue_key, const Message& message) {
  txn.Put(kMessages, MessageKey(queue_key, message.seq), EncodeMessage(message));
  // The index entry holds the latest receive's nonce, so a delete by receipt handle can check
  // it without reading the message.
  txn.Put(kVisibility, IndexKey(queue_key, message.visible_at_ms, message.seq), message.receipt);
}

}  // namespace

void PutMessage(storage::WriteTxn& txn, const std::string& queue_key, Message& message) {
  Tally tally = LoadTally(txn, queue_key);
  message.seq = ++tally.last_seq;
  CountIn(tally, message.visible_at_ms, !message.receipt.empty(), 1);
  WriteTally(txn, queue_key, tally);
  PutRecords(txn, queue_key, message);
  if (IsFifoKey(queue_key))
    txn.Put(kGroups, GroupKey(queue_key, message.group_id, message.seq), "");
}

void UpdateMessage(storage::WriteTxn& txn, const std::string& queue_key, const Message& message,
                   int64_t old_visible_at_ms, bool was_received) {
  Tally tally = LoadTally(txn, queue_key);
  bool received = !message.receipt.empty();
  auto bucket = [&](int64_t visible_at, bool in_flight) -> int64_t& {
    if (visible_at <= tally.as_of_ms) return tally.visible;
    return in_flight ? tally.in_flight : tally.delayed;
  };
  bucket(old_visible_at_ms, was_received) -= 1;
  bucket(message.visible_at_ms, received) += 1;
  WriteTally(txn, queue_key, tally);
  if (old_visible_at_ms != message.visible_at_ms) {
    txn.Erase(kVisibility, IndexKey(queue_key, old_visible_at_ms, message.seq));
  }
  PutRecords(txn, queue_key, message);
}

void EraseMessage(storage::WriteTxn& txn, const std::string& queue_key, const Message& message) {
  Count(txn, queue_key, message.visible_at_ms, !message.receipt.empty(), -1);
  if (IsFifoKey(queue_key)) txn.Erase(kGroups, GroupKey(queue_key, message.group_id, message.seq));
  txn.Erase(kMessages, MessageKey(queue_key, message.seq));
  txn.Erase(kVisibility, IndexKey(queue_key, message.visible_at_ms, message.seq));
}

bool EraseByReceipt(storage::WriteTxn& txn, const std::string& queue_key, uint64_t seq,
                    int64_t visible_at_ms, std::string_view nonce) {
  if (nonce.empty() || IsFifoKey(queue_key)) return false;  // FIFO: the group entry goes too
  if (!txn.EraseIfEquals(kVisibility, IndexKey(queue_key, visible_at_ms, seq), nonce)) {
    return false;
  }
  Count(txn, queue_key, visible_at_ms, true, -1);
  txn.Erase(kMessages, MessageKey(queue_key, seq));
  return true;
}

std::optional<Message> LoadMessage(storage::ReadTxn& txn, const std::string& queue_key,
                                   uint64_t seq) {
  auto record = txn.Get(kMessages, MessageKey(queue_key, seq));
  if (!record) return std::nullopt;
  return DecodeMessage(*record);
}

void EraseAllMessages(storage::WriteTxn& txn, const std::string& queue_key) {
  // The tally becomes an empty queue's, as of time 0, and keeps the last sequence number:
  // numbers are never given out twice.
  Tally tally = LoadTally(txn, queue_key);
  std::string prefix = queue_key + "/";
  for (const char* table : {kMessages, kVisibility, kGroups}) {
    std::vector<std::string> keys;
    txn.Scan(table, prefix, "", [&](std::string_view key, std::string_view) {
      keys.emplace_back(key);
      return true;
    });
    for (const auto& key : keys) txn.Erase(table, key);
  }
  Tally empty{.last_seq = tally.last_seq, .legacy_seq = tally.legacy_seq};
  WriteTally(txn, queue_key, empty);
}

std::vector<uint64_t> FifoVisibleSeqs(storage::ReadTxn& txn, const std::string& queue_key,
                                      int64_t now_ms, size_t max) {
  std::string prefix = queue_key + "/";
  std::vector<uint64_t> seqs;
  std::string after;  // past the last group looked at
  while (true) {
    std::optional<std::string> group;
    txn.Scan(kGroups, prefix, after, [&](std::string_view key, std::string_view) {
      group = std::string(key.substr(prefix.size(), key.size() - prefix.size() - 21));
      return false;
    });
    if (!group) break;
    // The group's visible prefix, at most `max` messages: a blocked group costs one read.
    size_t taken = 0;
    std::string group_prefix = prefix + *group + " ";
    txn.Scan(kGroups, group_prefix, "", [&](std::string_view key, std::string_view) {
      uint64_t seq = 0;
      std::from_chars(key.data() + group_prefix.size(), key.data() + key.size(), seq);
      auto record = txn.Get(kMessages, MessageKey(queue_key, seq));
      if (!record || VisibleAtOfRecord(*record) > now_ms) return false;
      seqs.push_back(seq);
      return ++taken < max;
    });
    after = group_prefix + "~";
  }
  // Across groups, send order, as a scan of the queue would give.
  std::sort(seqs.begin(), seqs.end());
  if (seqs.size() > max) seqs.resize(max);
  return seqs;
}

bool HasGroupIndex(storage::ReadTxn& txn, const std::string& queue_key) {
  bool any = false;
  txn.Scan(kGroups, queue_key + "/", "", [&](std::string_view, std::string_view) {
    any = true;
    return false;
  });
  if (any) return true;
  // No group entries: an empty queue, or one written before they were kept (no tally either;
  // the first message write rebuilds both).
  return ReadTally(txn, queue_key).has_value();
}

MessageCounts CountNow(storage::WriteTxn& txn, const std::string& queue_key, int64_t now_ms) {
  Tally tally = LoadTally(txn, queue_key);
  // Entries whose visibility time lies between `as of` and now change sides; when the clock
  // went back, the other way.
  int64_t from = std::min(tally.as_of_ms, now_ms);
  int64_t to = std::max(tally.as_of_ms, now_ms);
  int64_t direction = now_ms >= tally.as_of_ms ? 1 : -1;
  std::string prefix = queue_key + "/";
  txn.Scan(kVisibility, prefix, IndexKey(queue_key, from, UINT64_MAX),
           [&](std::string_view key, std::string_view receipt) {
             int64_t visible_at = 0;
             uint64_t seq = 0;
             if (!ParseIndexTail(key.substr(prefix.size()), visible_at, seq)) return true;
             if (visible_at > to) return false;
             tally.visible += direction;
             (receipt.empty() ? tally.delayed : tally.in_flight) -= direction;
             return true;
           });
  tally.as_of_ms = now_ms;
  WriteTally(txn, queue_key, tally);
  return MessageCounts{tally.visible, tally.in_flight, tally.delayed};
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
  txn.Scan(kMessages, queue_key + "/", "",
           [&](std::string_view, std::string_view value) { return fn(DecodeMessage(value)); });
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

void EraseCounters(storage::WriteTxn& txn, const std::string& queue_key) {
  txn.Erase(kCounts, queue_key);
  txn.Erase(kLegacySequence, queue_key);
}

}  // namespace terrarium::services::sqs
