#include "emulator/services/lambda/event_sources/event_records.h"

#include <optional>
#include <set>
#include <vector>

#include "emulator/core/ids.h"
#include "emulator/core/timestamp.h"

namespace terrarium::services::lambda {

using nlohmann::json;

json SqsEventRecord(const json& message, const std::string& queue_arn, const std::string& region) {
  json attributes = json::object();
  json given = message.value("MessageAttributes", json::object());
  for (const auto& [name, attribute] : given.items()) {
    json converted = {{"stringListValues", json::array()},
                      {"binaryListValues", json::array()},
                      {"dataType", attribute.value("DataType", "String")}};
    if (attribute.contains("StringValue")) converted["stringValue"] = attribute["StringValue"];
    if (attribute.contains("BinaryValue")) converted["binaryValue"] = attribute["BinaryValue"];
    attributes[name] = std::move(converted);
  }
  json record = {{"messageId", message.value("MessageId", "")},
                 {"receiptHandle", message.value("ReceiptHandle", "")},
                 {"body", message.value("Body", "")},
                 {"attributes", message.value("Attributes", json::object())},
                 {"messageAttributes", std::move(attributes)},
                 {"md5OfBody", message.value("MD5OfBody", "")},
                 {"eventSource", "aws:sqs"},
                 {"eventSourceARN", queue_arn},
                 {"awsRegion", region}};
  if (message.contains("MD5OfMessageAttributes")) {
    record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"];
  }
  return record;
}

json StreamEventRecord(const json& record, const std::string& stream_arn) {
  json event = record;
  event["eventSourceARN"] = stream_arn;
  return event;
}

json StreamFailureRecord(const StreamFailure& failure, const json& records) {
  auto arrival = [](const json& record) {
    double seconds = record["dynamodb"].value("ApproximateCreationDateTime", 0.0);
    return FormatIso8601(seconds);
  };
  json response = {{"statusCode", 200}, {"executedVersion", failure.executed_version}};
  if (!failure.function_error.empty()) response["functionError"] = failure.function_error;
  return {{"requestContext",
           {{"requestId", NewUuid()},
            {"functionArn", failure.function_arn},
            {"condition", failure.condition},
            {"approximateInvokeCount", failure.invoke_count}}},
          {"responseContext", response},
          {"version", "1.0"},
          {"timestamp", FormatIso8601(failure.now)},
          {"DDBStreamBatchInfo",
           {{"shardId", failure.shard_id},
            {"startSequenceNumber", records.front()["dynamodb"]["SequenceNumber"]},
            {"endSequenceNumber", records.back()["dynamodb"]["SequenceNumber"]},
            {"approximateArrivalOfFirstRecord", arrival(records.front())},
            {"approximateArrivalOfLastRecord", arrival(records.back())},
            {"batchSize", records.size()},
            {"streamArn", failure.stream_arn}}}};
}

std::optional<std::vector<std::string>> BatchItemFailures(const std::string& response,
                                                          const json& batch_ids) {
  json parsed = json::parse(response, nullptr, false);
  // An empty or null answer, or one without the list, reports complete success.
  if (parsed.is_discarded() || parsed.is_null()) return std::vector<std::string>{};
  if (!parsed.is_object()) return std::vector<std::string>{};
  auto list = parsed.find("batchItemFailures");
  if (list == parsed.end() || list->is_null()) return std::vector<std::string>{};
  if (!list->is_array()) return std::nullopt;
  std::set<std::string> known;
  for (const auto& id : batch_ids) known.insert(id.get<std::string>());
  std::vector<std::string> failed;
  for (const auto& item : *list) {
    if (!item.is_object() || !item.contains("itemIdentifier") ||
        !item["itemIdentifier"].is_string()) {
      return std::nullopt;
    }
    std::string id = item["itemIdentifier"];
    if (id.empty() || !known.contains(id)) return std::nullopt;
    failed.push_back(id);
  }
  return failed;
}

}  // namespace terrarium::services::lambda
