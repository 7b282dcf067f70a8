// DynamoDB Streams: streams, their one shard, iterators and records.
// Parity notes: every stream has exactly one shard that never splits. Records are trimmed after
// 24 hours (unreadable at once, deleted by the maintenance sweep); a position before the oldest
// retained record is TrimmedDataAccessException, except TRIM_HORIZON, which follows the trim.
// Shard iterators are opaque base64 text carrying the position and expire after 15 minutes, as
// AWS's do.
#include "emulator/services/dynamodbstreams/stream_ops.h"

#include <algorithm>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/services/dynamodb/stream_log.h"

namespace terrarium::services::dynamodbstreams {
namespace {

using dynamodb::StreamInfo;
using nlohmann::json;

constexpr double kIteratorSeconds = 15 * 60;

StreamInfo RequireStream(storage::ReadTxn& txn, const Scope& scope, const std::string& arn) {
  auto stream = dynamodb::FindStream(txn, scope, arn);
  if (!stream) {
    throw AwsError("ResourceNotFoundException",
                   "Requested resource not found: Stream: " + arn + " not found");
  }
  return *stream;
}

std::string MakeIterator(const StreamInfo& stream, const std::string& after, double now) {
  json position = {{"arn", stream.arn}, {"shard", stream.shard_id}, {"after", after}, {"at", now}};
  return Base64Encode(position.dump());
}

// Throws TrimmedDataAccessException when records after `after` (a position; "" is the trim
// horizon) were trimmed. Otherwise returns where reading starts.
std::string CheckNotTrimmed(storage::ReadTxn& txn, const StreamInfo& stream, const Scope& scope,
                            const std::string& after, double now) {
  std::string trimmed = dynamodb::TrimmedThrough(txn, stream, scope, now);
  if (after.empty() || after >= trimmed) return std::max(after, trimmed);
  throw AwsError("TrimmedDataAccessException",
                 "The operation attempted to read past the oldest stream record in a shard.");
}

json ReadIterator(const std::string& iterator) {
  auto text = Base64Decode(iterator);
  json position = text ? json::parse(*text, nullptr, false) : json();
  if (!position.is_object() || !position.contains("arn")) {
    throw ValidationError("Invalid ShardIterator");
  }
  return position;
}

}  // namespace

json ListStreams(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  auto streams = dynamodb::ListStreamInfos(*txn, ctx.scope, input.value("TableName", ""));
  size_t limit = input.value("Limit", 100);
  std::string start = input.value("ExclusiveStartStreamArn", "");
  json list = json::array();
  json out = json::object();
  bool started = start.empty();
  for (const StreamInfo& stream : streams) {
    if (!started) {
      started = stream.arn == start;
      continue;
    }
    if (list.size() == limit) {
      out["LastEvaluatedStreamArn"] = list.back()["StreamArn"];
      break;
    }
    list.push_back({{"StreamArn", stream.arn},
                    {"TableName", stream.table_name},
                    {"StreamLabel", stream.label}});
  }
  out["Streams"] = list;
  return out;
}

json DescribeStream(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  StreamInfo stream = RequireStream(*txn, ctx.scope, input.value("StreamArn", ""));
  auto first = dynamodb::ReadStreamRecords(*txn, stream, ctx.scope, "", 1);
  json range = {{"StartingSequenceNumber", first.empty() ? json(dynamodb::FormatSequence(0))
                                                         : first[0]["dynamodb"]["SequenceNumber"]}};
  if (stream.status == "DISABLED") {
    std::string last = dynamodb::LastSequenceNumber(*txn, stream, ctx.scope);
    range["EndingSequenceNumber"] = last.empty() ? dynamodb::FormatSequence(0) : last;
  }
  return {{"StreamDescription",
           {{"StreamArn", stream.arn},
            {"StreamLabel", stream.label},
            {"StreamStatus", stream.status},
            {"StreamViewType", stream.view_type},
            {"CreationRequestDateTime", stream.created},
            {"TableName", stream.table_name},
            {"KeySchema", stream.key_schema},
            {"Shards",
             json::array({{{"ShardId", stream.shard_id}, {"SequenceNumberRange", range}}})}}}};
}

json GetShardIterator(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  StreamInfo stream = RequireStream(*txn, ctx.scope, input.value("StreamArn", ""));
  if (input.value("ShardId", "") != stream.shard_id) {
    throw AwsError("ResourceNotFoundException",
                   "Requested resource not found: Shard does not exist");
  }
  std::string type = input.value("ShardIteratorType", "");
  double now = ctx.clock->EpochSeconds();
  std::string after;
  if (type == "LATEST") {
    after = dynamodb::LastSequenceNumber(*txn, stream, ctx.scope);
  } else if (type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER") {
    std::string sequence = input.value("SequenceNumber", "");
    if (sequence.empty()) {
      throw ValidationError("SequenceNumber is required for ShardIteratorType " + type);
    }
    if (sequence.size() != dynamodb::FormatSequence(0).size() ||
        sequence.find_first_not_of("0123456789") != std::string::npos) {
      throw ValidationError("Invalid SequenceNumber: " + sequence);
    }
    // AT starts just after the record before it.
    after = type == "AFTER_SEQUENCE_NUMBER"
                ? sequence
                : dynamodb::FormatSequence(std::stoll(sequence.substr(1)) - 1);
    CheckNotTrimmed(*txn, stream, ctx.scope, after, now);
  }
  return {{"ShardIterator", MakeIterator(stream, after, now)}};
}

json GetRecords(RequestContext& ctx, const json& input) {
  json position = ReadIterator(input.value("ShardIterator", ""));
  double now = ctx.clock->EpochSeconds();
  if (now - position.value("at", 0.0) > kIteratorSeconds) {
    throw AwsError("ExpiredIteratorException",
                   "Iterator expired. The iterator was created at time " +
                       std::to_string(position.value("at", 0.0)) + " while right now it is " +
                       std::to_string(now));
  }
  auto txn = ctx.store->BeginRead();
  StreamInfo stream = RequireStream(*txn, ctx.scope, position["arn"]);
  size_t limit = input.value("Limit", 1000);
  std::string after = position.value("after", "");
  std::string start = CheckNotTrimmed(*txn, stream, ctx.scope, after, now);
  auto records = dynamodb::ReadStreamRecords(*txn, stream, ctx.scope, start, limit);
  if (!records.empty()) after = records.back()["dynamodb"]["SequenceNumber"];
  json out = {{"Records", records}};
  // A disabled stream's shard is closed: once drained, there is no next iterator.
  if (stream.status != "DISABLED" || !records.empty()) {
    out["NextShardIterator"] = MakeIterator(stream, after, now);
  }
  return out;
}

}  // namespace terrarium::services::dynamodbstreams
