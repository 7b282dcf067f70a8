// DynamoDB Streams data: one stream per enabling of a table's stream (one shard each), with its
// change records in sequence order. Written by DynamoDB's item writes, read by the
// dynamodbstreams service.
//
// Tables:  dynamodb.stream_meta     <account>/<region>/<table>/<label>        -> stream
//          dynamodb.stream_records  <account>/<region>/<table>/<label>/<seq>  -> record
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/scope.h"
#include "emulator/storage/store.h"

namespace terrarium::services::dynamodb {

struct StreamInfo {
  std::string arn;
  std::string table_name;
  std::string label;
  std::string view_type;
  std::string status;  // ENABLED or DISABLED
  nlohmann::json key_schema;
  double created = 0;
  std::string shard_id;
  std::string trimmed_through;  // the last sequence number trimmed by retention ("" when none)
};

// Streams are kept 24 hours after their last record, like AWS's retention.
inline constexpr double kStreamRetentionSeconds = 24 * 3600;

// Records a stream for the description's LatestStreamArn (StreamSpecification enabled).
void OpenStream(storage::WriteTxn& txn, const Scope& scope, const nlohmann::json& description,
                double now);
// Marks the stream DISABLED (the table's stream was turned off or the table deleted).
void CloseStream(storage::WriteTxn& txn, const Scope& scope, const std::string& arn);

std::optional<StreamInfo> FindStream(storage::ReadTxn& txn, const Scope& scope,
                                     const std::string& arn);
// The scope's streams in ARN order, optionally of one table.
std::vector<StreamInfo> ListStreamInfos(storage::ReadTxn& txn, const Scope& scope,
                                        const std::string& table_name);

// True when the table description has a stream enabled: item changes are then recorded.
bool StreamEnabled(const nlohmann::json& description);

// Appends the record of one item change to the table's current stream, if it has one enabled.
// `sequence` is the table's next sequence number (advanced by the caller when used).
// `user_identity` is set for deletions the service made itself (TTL).
bool AppendStreamRecord(storage::WriteTxn& txn, const Scope& scope,
                        const nlohmann::json& description, int64_t sequence,
                        const nlohmann::json& keys, const std::optional<nlohmann::json>& before,
                        const std::optional<nlohmann::json>& after, double now,
                        const nlohmann::json& user_identity);

// Records of a stream with sequence numbers after `after_sequence`, at most `limit`.
std::vector<nlohmann::json> ReadStreamRecords(storage::ReadTxn& txn, const StreamInfo& stream,
                                              const Scope& scope, const std::string& after_sequence,
                                              size_t limit);
// The last sequence number no longer readable at `now`: trimmed by the sweep, or older than the
// retention and waiting for it ("" when none). An iterator positioned before it has lost data.
std::string TrimmedThrough(storage::ReadTxn& txn, const StreamInfo& stream, const Scope& scope,
                           double now);
// The highest sequence number a stream holds ("" when none); reads one record.
std::string LastSequenceNumber(storage::ReadTxn& txn, const StreamInfo& stream, const Scope& scope);

// Deletes records older than the retention period (remembering the last one in the stream's
// TrimmedThrough), and disabled streams left with none.
// Returns how many records went.
size_t TrimStreams(storage::Store& store, double now);

// Sequence numbers are fixed-width decimal text, so their byte order is their numeric order.
std::string FormatSequence(int64_t sequence);

}  // namespace terrarium::services::dynamodb
