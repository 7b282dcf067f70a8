#include "emulator/services/lambda/event_sources/poll_step.h"

#include <algorithm>
#include <set>

#include "emulator/core/aws_error.h"
#include "emulator/services/lambda/event_sources/event_filter.h"
#include "emulator/services/lambda/event_sources/event_records.h"
#include "emulator/services/lambda/event_sources/mapping_store.h"
#include "emulator/services/lambda/event_sources/source_arn.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

constexpr int kMaxReceive = 10;  // SQS ReceiveMessage's limit per call

Scope ScopeOf(const json& record) {
  return Scope{record["Scope"].value("account", kDefaultAccount),
               record["Scope"].value("region", kDefaultRegion)};
}

bool ReportsItemFailures(const json& config) {
  for (const auto& type : config.value("FunctionResponseTypes", json::array())) {
    if (type == "ReportBatchItemFailures") return true;
  }
  return false;
}

}  // namespace

void EventSourceDelivery::Log(const std::string& line) const {
  if (deps_.log) deps_.log("lambda: " + line);
}

PollOutcome EventSourceDelivery::RunOnce() {
  auto now = deps_.clock->Now();
  PollOutcome outcome{now + kIdleQueueRecheck, {}};
  std::vector<json> records;
  ScanAllMappings(*deps_.store->BeginRead(), [&](const json& record) {
    records.push_back(record);
    return true;
  });
  std::set<std::string> live;
  for (const json& record : records) {
    std::string uuid = record["Configuration"]["UUID"];
    live.insert(uuid);
    if (!record.value("Enabled", true)) continue;
    MappingState& state = states_[uuid];
    std::vector<std::string> keys;
    if (state.due <= now) {
      try {
        SourceKind kind =
            ParseEventSource(record["Configuration"]["EventSourceArn"].get<std::string>()).kind;
        state.due =
            kind == SourceKind::kSqs ? PollQueue(record, state, keys) : PollStream(record, state);
      } catch (const std::exception& e) {
        // The source or the function went away, or the store failed: try again later.
        Log("event source mapping " + uuid + ": " + e.what());
        state.due = now + kIdleQueueRecheck;
      }
    } else if (record["Configuration"]["EventSourceArn"].get<std::string>().starts_with(
                   "arn:aws:sqs:")) {
      keys.push_back("sqs:" + record["Configuration"]["EventSourceArn"].get<std::string>());
    }
    outcome.next_due = std::min(outcome.next_due, state.due);
    for (auto& key : keys) outcome.wait_keys.push_back(std::move(key));
  }
  std::erase_if(states_, [&](const auto& entry) { return !live.contains(entry.first); });
  return outcome;
}

EventSourceDelivery::InvokeResult EventSourceDelivery::InvokeFunction(const json& config,
                                                                      const Scope& scope,
                                                                      const json& event) {
  InvokeResult result;
  Body response;
  try {
    json output = deps_.invoker->Invoke(
        "lambda", "Invoke",
        {{"FunctionName", config["FunctionArn"]}, {"InvocationType", "RequestResponse"}}, scope,
        {.request = Body::FromString(event.dump()), .response = &response});
    result.function_error = output.value("FunctionError", "");
    result.executed_version = output.value("ExecutedVersion", "$LATEST");
    result.payload = response.ReadAll();
    result.ok = result.function_error.empty();
  } catch (const AwsError& error) {
    Log("invoking " + config["FunctionArn"].get<std::string>() + " failed: " + error.code + ": " +
        error.message);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// SQS

Clock::TimePoint EventSourceDelivery::PollQueue(const json& record, MappingState& state,
                                                std::vector<std::string>& wait_keys) {
  const json& config = record["Configuration"];
  EventSource source = ParseEventSource(config["EventSourceArn"].get<std::string>());
  Scope scope = ScopeOf(record);
  auto now = deps_.clock->Now();
  int batch_size = config.value("BatchSize", 10);
  auto window = std::chrono::seconds(config.value("MaximumBatchingWindowInSeconds", 0));

  if (window.count() > 0) {
    // Wait for a full batch or the end of the window, whichever comes first.
    json attributes = deps_.invoker->Invoke(
        "sqs", "GetQueueAttributes",
        {{"QueueUrl", source.QueueUrl()}, {"AttributeNames", {"ApproximateNumberOfMessages"}}},
        source.scope, {});
    int available = std::stoi(attributes["Attributes"].value("ApproximateNumberOfMessages", "0"));
    if (available == 0) {
      state.window_open = false;
      wait_keys.push_back("sqs:" + source.arn);
      return now + kIdleQueueRecheck;
    }
    if (!state.window_open) {
      state.window_open = true;
      state.window_started = now;
    }
    if (available < batch_size && now < state.window_started + window) {
      wait_keys.push_back("sqs:" + source.arn);
      return state.window_started + window;
    }
  }

  json messages = json::array();
  while (static_cast<int>(messages.size()) < batch_size) {
    int asked = std::min(kMaxReceive, batch_size - static_cast<int>(messages.size()));
    json output = deps_.invoker->Invoke("sqs", "ReceiveMessage",
                                        {{"QueueUrl", source.QueueUrl()},
                                         {"MaxNumberOfMessages", asked},
                                         {"AttributeNames", {"All"}},
                                         {"MessageSystemAttributeNames", {"All"}},
                                         {"MessageAttributeNames", {"All"}}},
                                        source.scope, {});
    json received = output.value("Messages", json::array());
    for (auto& message : received) messages.push_back(std::move(message));
    if (static_cast<int>(received.size()) < asked) break;
  }
  state.window_open = false;
  if (messages.empty()) {
    wait_keys.push_back("sqs:" + source.arn);
    return now + kIdleQueueRecheck;
  }

  json event = {{"Records", json::array()}};
  json ids = json::array();
  json criteria = config.value("FilterCriteria", json::object());
  for (const auto& message : messages) {
    json record = SqsEventRecord(message, source.arn, source.scope.region);
    // Messages the filters reject are deleted without invoking the function, as AWS does.
    if (!PassesFilters(criteria, record)) continue;
    event["Records"].push_back(std::move(record));
    ids.push_back(message["MessageId"]);
  }
  InvokeResult result;
  result.ok = true;
  if (!ids.empty()) result = InvokeFunction(config, scope, event);
  std::set<std::string> keep;  // messages left to become visible again
  if (!result.ok) {
    for (const auto& id : ids) keep.insert(id.get<std::string>());
  } else if (ReportsItemFailures(config)) {
    auto failed = BatchItemFailures(result.payload, ids);
    if (!failed) {
      for (const auto& id : ids) keep.insert(id.get<std::string>());
    } else {
      keep.insert(failed->begin(), failed->end());
    }
  }
  json entries = json::array();
  for (const auto& message : messages) {
    if (keep.contains(message["MessageId"].get<std::string>())) continue;
    entries.push_back(
        {{"Id", std::to_string(entries.size())}, {"ReceiptHandle", message["ReceiptHandle"]}});
    if (entries.size() == static_cast<size_t>(kMaxReceive)) {
      deps_.invoker->Invoke("sqs", "DeleteMessageBatch",
                            {{"QueueUrl", source.QueueUrl()}, {"Entries", entries}}, source.scope,
                            {});
      entries = json::array();
    }
  }
  if (!entries.empty()) {
    deps_.invoker->Invoke("sqs", "DeleteMessageBatch",
                          {{"QueueUrl", source.QueueUrl()}, {"Entries", entries}}, source.scope,
                          {});
  }
  // There may be more: read again at once.
  return deps_.clock->Now();
}

// ---------------------------------------------------------------------------------------------
// DynamoDB streams

std::string EventSourceDelivery::ShardIterator(const json& record, const Scope& scope,
                                               const std::string& shard, MappingState& state) {
  if (auto it = state.iterators.find(shard); it != state.iterators.end()) return it->second;
  const json& config = record["Configuration"];
  json position = record.value("Positions", json::object()).value(shard, json::object());
  json request = {{"StreamArn", config["EventSourceArn"]}, {"ShardId", shard}};
  if (position.contains("sequence")) {
    request["ShardIteratorType"] = "AFTER_SEQUENCE_NUMBER";
    request["SequenceNumber"] = position["sequence"];
  } else if (position.contains("iterator") && !state.expired[shard]) {
    // Taken when the mapping was created (LATEST): valid for 15 minutes.
    return state.iterators[shard] = position["iterator"].get<std::string>();
  } else {
    request["ShardIteratorType"] = config.value("StartingPosition", "TRIM_HORIZON");
  }
  json output = deps_.invoker->Invoke("dynamodbstreams", "GetShardIterator", request, scope, {});
  return state.iterators[shard] = output.value("ShardIterator", "");
}

Clock::TimePoint EventSourceDelivery::PollStream(const json& record, MappingState& state) {
  const json& config = record["Configuration"];
  EventSource source = ParseEventSource(config["EventSourceArn"].get<std::string>());
  auto now = deps_.clock->Now();
  size_t batch_size = config.value("BatchSize", 100);
  if (state.batch_limit == 0) state.batch_limit = batch_size;

  json description = deps_.invoker->Invoke("dynamodbstreams", "DescribeStream",
                                           {{"StreamArn", source.arn}}, source.scope, {});
  for (const auto& shard_description : description["StreamDescription"]["Shards"]) {
    std::string shard = shard_description["ShardId"];
    if (state.closed[shard]) continue;
    std::string iterator = ShardIterator(record, source.scope, shard, state);
    json output;
    try {
      output = deps_.invoker->Invoke(
          "dynamodbstreams", "GetRecords",
          {{"ShardIterator", iterator}, {"Limit", static_cast<int>(state.batch_limit)}},
          source.scope, {});
    } catch (const AwsError& error) {
      if (error.code != "ExpiredIteratorException") throw;
      state.iterators.erase(shard);  // start again from the saved position
      state.expired[shard] = true;
      return now;
    }
    json records = output.value("Records", json::array());
    if (records.empty()) {
      if (output.contains("NextShardIterator")) {
        state.iterators[shard] = output["NextShardIterator"].get<std::string>();
      } else {
        state.closed[shard] = true;
      }
      continue;
    }
    json event = {{"Records", json::array()}};
    json criteria = config.value("FilterCriteria", json::object());
    for (const auto& change : records) {
      json filtered = StreamEventRecord(change, source.arn);
      if (PassesFilters(criteria, filtered)) event["Records"].push_back(std::move(filtered));
    }
    InvokeResult result;
    result.ok = true;  // a batch the filters emptied is done
    if (!event["Records"].empty()) result = InvokeFunction(config, ScopeOf(record), event);
    std::string last = records.back()["dynamodb"]["SequenceNumber"];
    if (!result.ok) {
      ++state.failed_attempts;
      int max_retries = config.value("MaximumRetryAttempts", -1);
      if (max_retries < 0 || state.failed_attempts <= max_retries) {
        if (config.value("BisectBatchOnFunctionError", false) && records.size() > 1) {
          state.batch_limit = std::max<size_t>(1, records.size() / 2);
        }
        SaveProgress(record, shard, "", "PROBLEM: Function call failed");
        return now + kStreamRetryDelay;  // the same iterator reads the same batch again
      }
      SendStreamFailure(config, shard, records, result, state.failed_attempts);
    }
    state.failed_attempts = 0;
    state.batch_limit = batch_size;
    if (output.contains("NextShardIterator")) {
      state.iterators[shard] = output["NextShardIterator"].get<std::string>();
    } else {
      state.iterators.erase(shard);
    }
    SaveProgress(record, shard, last, result.ok ? "OK" : "PROBLEM: Function call failed");
    return deps_.clock->Now();  // there may be more
  }
  return now + kStreamInterval;
}

void EventSourceDelivery::SendStreamFailure(const json& config, const std::string& shard,
                                            const json& records, const InvokeResult& result,
                                            int attempts) {
  std::string destination = config.value("DestinationConfig", json::object())
                                .value("OnFailure", json::object())
                                .value("Destination", "");
  Log("stream batch of " + std::to_string(records.size()) + " records for " +
      config["FunctionArn"].get<std::string>() + " dropped after " + std::to_string(attempts) +
      " attempts" + (destination.empty() ? "" : ", sent to " + destination));
  if (destination.empty()) return;
  StreamFailure failure{config["FunctionArn"],
                        config["EventSourceArn"],
                        shard,
                        "RetryAttemptsExhausted",
                        attempts,
                        result.function_error,
                        result.executed_version.empty() ? "$LATEST" : result.executed_version,
                        deps_.clock->EpochSeconds()};
  json body = StreamFailureRecord(failure, records);
  try {
    EventSource queue = ParseEventSource(destination);
    if (queue.kind != SourceKind::kSqs) throw AwsError("InvalidParameterValueException", "not SQS");
    deps_.invoker->Invoke("sqs", "SendMessage",
                          {{"QueueUrl", queue.QueueUrl()}, {"MessageBody", body.dump()}},
                          queue.scope, {});
  } catch (const AwsError& error) {
    // SNS topics are not emulated, and a deleted queue loses the record, as on AWS.
    Log("on-failure destination " + destination + " unreachable (" + error.message +
        "); record dropped");
  }
}

void EventSourceDelivery::SaveProgress(const json& record, const std::string& shard,
                                       const std::string& sequence, const std::string& result) {
  Scope scope = ScopeOf(record);
  std::string uuid = record["Configuration"]["UUID"];
  auto txn = deps_.store->BeginWrite();
  auto current = LoadMapping(*txn, scope, uuid);
  if (!current) return;  // deleted meanwhile
  if (!sequence.empty()) (*current)["Positions"][shard] = {{"sequence", sequence}};
  (*current)["Configuration"]["LastProcessingResult"] = result;
  SaveMapping(*txn, scope, *current);
  txn->Commit();
}

}  // namespace terrarium::services::lambda
