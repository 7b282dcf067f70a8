// The event documents Lambda hands a function for each source, exactly as AWS shapes them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::services::lambda {

// One record of an SQS event ({"Records": [...]}) from a ReceiveMessage message (output shape
// of the SQS API: MessageId, ReceiptHandle, Body, Attributes, MessageAttributes...).
nlohmann::json SqsEventRecord(const nlohmann::json& message, const std::string& queue_arn,
                              const std::string& region);

// One record of a DynamoDB stream event from a GetRecords record.
nlohmann::json StreamEventRecord(const nlohmann::json& record, const std::string& stream_arn);

// What a stream mapping sends its on-failure destination when it gives up on a batch.
struct StreamFailure {
  std::string function_arn;
  std::string stream_arn;
  std::string shard_id;
  std::string condition;  // RetryAttemptsExhausted, RecordAgeExceeded
  int invoke_count = 1;
  std::string function_error;  // Unhandled, or empty when the invoke itself failed
  std::string executed_version;
  double now = 0;  // epoch seconds
};
nlohmann::json StreamFailureRecord(const StreamFailure& failure, const nlohmann::json& records);

// The item ids a ReportBatchItemFailures response names; nullopt when the response is not a
// valid one (then the whole batch failed, as AWS treats it).
std::optional<std::vector<std::string>> BatchItemFailures(const std::string& response,
                                                          const nlohmann::json& batch_ids);

}  // namespace terrarium::services::lambda
