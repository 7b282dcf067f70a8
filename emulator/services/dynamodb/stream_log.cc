#include "emulator/services/dynamodb/stream_log.h"

#include <cstdio>

#include "emulator/core/ids.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/storage/backward_scan.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

constexpr const char* kMeta = "dynamodb.stream_meta";
constexpr const char* kRecords = "dynamodb.stream_records";

// "<table>/<label>" from arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>.
std::optional<std::string> StreamKey(const Scope& scope, const std::string& arn) {
  std::string prefix = "arn:aws:dynamodb:" + scope.region + ":" + scope.account + ":table/";
  if (!arn.starts_with(prefix)) return std::nullopt;
  std::string rest = arn.substr(prefix.size());
  auto at = rest.find("/stream/");
  if (at == std::string::npos || at == 0) return std::nullopt;
  std::string key = rest.substr(0, at) + "/" + rest.substr(at + 8);
  if (key.size() + 40 > storage::kMaxKeyBytes) return std::nullopt;
  return key;
}

StreamInfo FromJson(const json& value) {
  return StreamInfo{value.value("StreamArn", ""),
                    value.value("TableName", ""),
                    value.value("StreamLabel", ""),
                    value.value("StreamViewType", ""),
                    value.value("StreamStatus", ""),
                    value.value("KeySchema", json::array()),
                    value.value("CreationRequestDateTime", 0.0),
                    value.value("ShardId", ""),
                    value.value("TrimmedThrough", "")};
}

std::string RecordPrefix(const Scope& scope, const StreamInfo& stream) {
  return storage::ScopedKey(scope, stream.table_name + "/" + stream.label + "/");
}

}  // namespace

std::string FormatSequence(int64_t sequence) {
  char text[32];
  std::snprintf(text, sizeof text, "1%020lld", static_cast<long long>(sequence));
  return text;
}

void OpenStream(storage::WriteTxn& txn, const Scope& scope, const json& description, double now) {
  std::string arn = description.value("LatestStreamArn", "");
  auto key = StreamKey(scope, arn);
  if (!key) return;
  json value = {{"StreamArn", arn},
                {"TableName", description["TableName"]},
                {"StreamLabel", description["LatestStreamLabel"]},
                {"StreamViewType", description["StreamSpecification"]["StreamViewType"]},
                {"StreamStatus", "ENABLED"},
                {"KeySchema", description["KeySchema"]},
                {"CreationRequestDateTime", now},
                {"ShardId", "shardId-" + FormatSequence(static_cast<int64_t>(now)) + "-" +
                                RandomString(8, "0123456789abcdef")}};
  storage::PutJson(txn, kMeta, storage::ScopedKey(scope, *key), value);
}

void CloseStream(storage::WriteTxn& txn, const Scope& scope, const std::string& arn) {
  auto key = StreamKey(scope, arn);
  if (!key) return;
  std::string store_key = storage::ScopedKey(scope, *key);
  auto value = storage::GetJson(txn, kMeta, store_key);
  if (!value) return;
  (*value)["StreamStatus"] = "DISABLED";
  storage::PutJson(txn, kMeta, store_key, *value);
}

std::optional<StreamInfo> FindStream(storage::ReadTxn& txn, const Scope& scope,
                                     const std::string& arn) {
  auto key = StreamKey(scope, arn);
  if (!key) return std::nullopt;
  auto value = storage::GetJson(txn, kMeta, storage::ScopedKey(scope, *key));
  if (!value) return std::nullopt;
  return FromJson(*value);
}

std::vector<StreamInfo> ListStreamInfos(storage::ReadTxn& txn, const Scope& scope,
                                        const std::string& table_name) {
  std::vector<StreamInfo> out;
  std::string prefix = storage::ScopedKey(scope, table_name.empty() ? "" : table_name + "/");
  txn.Scan(kMeta, prefix, "", [&](std::string_view, std::string_view value) {
    out.push_back(FromJson(json::parse(value)));
    return true;
  });
  return out;
}

bool StreamEnabled(const json& description) {
  auto spec = description.find("StreamSpecification");
  return spec != description.end() && spec->value("StreamEnabled", false);
}

bool AppendStreamRecord(storage::WriteTxn& txn, const Scope& scope, const json& description,
                        int64_t sequence, const json& keys, const std::optional<json>& before,
                        const std::optional<json>& after, double now, const json& user_identity) {
  if (!StreamEnabled(description)) return false;
  auto key = StreamKey(scope, description.value("LatestStreamArn", ""));
  if (!key) return false;
  std::string view = description["StreamSpecification"].value("StreamViewType", "KEYS_ONLY");
  json data = {{"ApproximateCreationDateTime", static_cast<double>(static_cast<int64_t>(now))},
               {"Keys", keys},
               {"SequenceNumber", FormatSequence(sequence)},
               {"StreamViewType", view}};
  size_t size = ItemSize(keys);
  if (after && (view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES")) {
    data["NewImage"] = *after;
    size += ItemSize(*after);
  }
  if (before && (view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES")) {
    data["OldImage"] = *before;
    size += ItemSize(*before);
  }
  data["SizeBytes"] = size;
  std::string event_id = NewUuid();
  std::erase(event_id, '-');
  json record = {{"eventID", event_id},
                 {"eventName", !before ? "INSERT" : (!after ? "REMOVE" : "MODIFY")},
                 {"eventVersion", "1.1"},
                 {"eventSource", "aws:dynamodb"},
                 {"awsRegion", scope.region},
                 {"dynamodb", data}};
  if (!user_identity.is_null()) record["userIdentity"] = user_identity;
  storage::PutJson(txn, kRecords, storage::ScopedKey(scope, *key + "/" + FormatSequence(sequence)),
                   record);
  return true;
}

size_t TrimStreams(storage::Store& store, double now) {
  double cutoff = now - kStreamRetentionSeconds;
  std::vector<std::string> old_records;
  std::vector<std::pair<std::string, json>> trimmed_streams;  // meta with TrimmedThrough moved
  std::vector<std::string> empty_streams;
  {
    auto txn = store.BeginRead();
    std::vector<std::pair<std::string, json>> streams;
    txn->Scan(kMeta, "", "", [&](std::string_view key, std::string_view value) {
      streams.emplace_back(key, json::parse(value));
      return true;
    });
    for (const auto& [meta_key, meta] : streams) {
      // Records are in sequence order, which is time order: stop at the first one to keep.
      std::string prefix = meta_key + "/";
      bool kept = false;
      txn->Scan(kRecords, prefix, "", [&](std::string_view key, std::string_view value) {
        json record = json::parse(value);
        if (record["dynamodb"].value("ApproximateCreationDateTime", 0.0) >= cutoff) {
          kept = true;
          return false;
        }
        old_records.emplace_back(key);
        return true;
      });
      if (!old_records.empty() && old_records.back().starts_with(prefix)) {
        json updated = meta;
        updated["TrimmedThrough"] = old_records.back().substr(prefix.size());
        trimmed_streams.emplace_back(meta_key, std::move(updated));
      }
      if (!kept && meta.value("StreamStatus", "") == "DISABLED" &&
          meta.value("CreationRequestDateTime", now) < cutoff) {
        empty_streams.push_back(meta_key);
      }
    }
  }
  if (old_records.empty() && empty_streams.empty()) return 0;
  auto txn = store.BeginWrite();
  for (const auto& key : old_records) txn->Erase(kRecords, key);
  for (const auto& [key, meta] : trimmed_streams) {
    // Written only if the stream is still there (its table may have gone meanwhile).
    if (txn->Get(kMeta, key)) storage::PutJson(*txn, kMeta, key, meta);
  }
  for (const auto& key : empty_streams) txn->Erase(kMeta, key);
  txn->Commit();
  return old_records.size();
}

std::vector<json> ReadStreamRecords(storage::ReadTxn& txn, const StreamInfo& stream,
                                    const Scope& scope, const std::string& after_sequence,
                                    size_t limit) {
  std::vector<json> out;
  std::string prefix = RecordPrefix(scope, stream);
  std::string start = after_sequence.empty() ? "" : prefix + after_sequence;
  txn.Scan(kRecords, prefix, start, [&](std::string_view, std::string_view value) {
    out.push_back(json::parse(value));
    return out.size() < limit;
  });
  return out;
}

std::string LastSequenceNumber(storage::ReadTxn& txn, const StreamInfo& stream,
                               const Scope& scope) {
  std::string last;
  std::string prefix = RecordPrefix(scope, stream);
  storage::ScanBackward(txn, kRecords, prefix, "", [&](std::string_view key, std::string_view) {
    last = std::string(key.substr(prefix.size()));
    return false;
  });
  return last;
}

std::string TrimmedThrough(storage::ReadTxn& txn, const StreamInfo& stream, const Scope& scope,
                           double now) {
  std::string trimmed = stream.trimmed_through;
  double cutoff = now - kStreamRetentionSeconds;
  std::string prefix = RecordPrefix(scope, stream);
  // Expired records the sweep has not reached yet (at most a second's worth while it runs).
  txn.Scan(kRecords, prefix, "", [&](std::string_view key, std::string_view value) {
    if (json::parse(value)["dynamodb"].value("ApproximateCreationDateTime", 0.0) >= cutoff) {
      return false;
    }
    trimmed = std::string(key.substr(prefix.size()));
    return true;
  });
  return trimmed;
}

}  // namespace terrarium::services::dynamodb
