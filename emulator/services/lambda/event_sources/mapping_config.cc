#include "emulator/services/lambda/event_sources/mapping_config.h"

#include <string>

#include "emulator/core/aws_error.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

// Members stored as given when present (after the checks below).
constexpr const char* kCopiedMappingFields[] = {"BatchSize",
                                                "MaximumBatchingWindowInSeconds",
                                                "FilterCriteria",
                                                "FunctionResponseTypes",
                                                "ScalingConfig",
                                                "DestinationConfig",
                                                "MaximumRetryAttempts",
                                                "MaximumRecordAgeInSeconds",
                                                "BisectBatchOnFunctionError",
                                                "ParallelizationFactor",
                                                "TumblingWindowInSeconds",
                                                "KMSKeyArn",
                                                "MetricsConfig"};
// Members only stream sources take.
constexpr const char* kStreamOnly[] = {"StartingPosition",           "StartingPositionTimestamp",
                                       "MaximumRetryAttempts",       "MaximumRecordAgeInSeconds",
                                       "BisectBatchOnFunctionError", "ParallelizationFactor",
                                       "TumblingWindowInSeconds",    "DestinationConfig"};

[[noreturn]] void Invalid(const std::string& message) {
  throw AwsError("InvalidParameterValueException", message);
}

void CheckRange(const json& input, const char* member, int64_t low, int64_t high,
                const std::string& wire_name) {
  if (!input.contains(member)) return;
  int64_t value = input[member].get<int64_t>();
  if (value < low || value > high) {
    throw AwsError("ValidationException",
                   "1 validation error detected: Value '" + std::to_string(value) + "' at '" +
                       wire_name + "' failed to satisfy constraint: Member must have value " +
                       (value < low ? "greater than or equal to " + std::to_string(low)
                                    : "less than or equal to " + std::to_string(high)),
                   400);
  }
}

void CheckMembers(const EventSource& source, const json& input) {
  CheckRange(input, "BatchSize", 1, 10000, "batchSize");
  CheckRange(input, "MaximumBatchingWindowInSeconds", 0, 300, "maximumBatchingWindowInSeconds");
  CheckRange(input, "MaximumRetryAttempts", -1, 10000, "maximumRetryAttempts");
  CheckRange(input, "ParallelizationFactor", 1, 10, "parallelizationFactor");
  CheckRange(input, "TumblingWindowInSeconds", 0, 900, "tumblingWindowInSeconds");
  if (input.contains("MaximumRecordAgeInSeconds")) {
    int64_t age = input["MaximumRecordAgeInSeconds"];
    if (age != -1 && (age < 60 || age > 604800)) {
      throw AwsError("ValidationException",
                     "1 validation error detected: Value '" + std::to_string(age) +
                         "' at 'maximumRecordAgeInSeconds' failed to satisfy constraint: Member "
                         "must have value greater than or equal to -1",
                     400);
    }
  }
  for (const auto& type : input.value("FunctionResponseTypes", json::array())) {
    if (type != "ReportBatchItemFailures") {
      Invalid("Unsupported FunctionResponseType: " + type.get<std::string>());
    }
  }
  if (input.contains("ScalingConfig") && input["ScalingConfig"].contains("MaximumConcurrency")) {
    if (source.kind != SourceKind::kSqs) {
      Invalid("Unsupported ScalingConfig for this event source type.");
    }
    int64_t concurrency = input["ScalingConfig"]["MaximumConcurrency"];
    if (concurrency < 2 || concurrency > 1000) {
      Invalid("ScalingConfig MaximumConcurrency must be between 2 and 1000");
    }
  }
  if (input.contains("FilterCriteria")) {
    for (const auto& filter : input["FilterCriteria"].value("Filters", json::array())) {
      std::string pattern = filter.value("Pattern", "");
      json parsed = json::parse(pattern, nullptr, false);
      if (!parsed.is_object()) Invalid("Invalid filter pattern definition.");
    }
  }
  if (source.kind == SourceKind::kDynamoDbStream && input.contains("DestinationConfig")) {
    const json& destinations = input["DestinationConfig"];
    if (destinations.contains("OnSuccess") &&
        !destinations["OnSuccess"].value("Destination", "").empty()) {
      Invalid("Unsupported DestinationConfig parameter for given event source mapping type.");
    }
    std::string on_failure =
        destinations.value("OnFailure", json::object()).value("Destination", "");
    if (!on_failure.empty() && !on_failure.starts_with("arn:aws:sqs:") &&
        !on_failure.starts_with("arn:aws:sns:")) {
      Invalid("Unsupported DestinationConfig OnFailure destination: " + on_failure +
              ". Use an SQS queue or SNS topic ARN.");
    }
  }
  if (source.kind == SourceKind::kSqs) {
    for (const char* member : kStreamOnly) {
      if (input.contains(member)) {
        Invalid(std::string("Unsupported MaximumRetryAttempts, MaximumRecordAgeInSeconds, "
                            "BisectBatchOnFunctionError, ParallelizationFactor, "
                            "DestinationConfig, StartingPosition or TumblingWindowInSeconds for "
                            "SQS event source (") +
                member + ").");
      }
    }
  }
}

// SQS: more than 10 messages per batch needs a batching window (standard queues), and FIFO
// queues take at most 10.
void CheckSqsBatch(const EventSource& source, const json& config) {
  if (source.kind != SourceKind::kSqs) return;
  int64_t batch = config.value("BatchSize", 10);
  bool fifo = source.name.ends_with(".fifo");
  if (fifo && batch > 10) Invalid("Maximum batch size for FIFO SQS event source is 10.");
  if (batch > 10 && config.value("MaximumBatchingWindowInSeconds", 0) < 1) {
    Invalid(
        "Maximum batch window in seconds must be greater than 0 if maximum batch size is "
        "greater than 10");
  }
}

void CheckStartingPosition(const json& input) {
  std::string position = input.value("StartingPosition", "");
  if (position.empty()) {
    Invalid(
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy "
        "constraint: Member must not be null.");
  }
  if (position != "TRIM_HORIZON" && position != "LATEST") {
    Invalid("Unsupported starting position for DynamoDB stream event source: " + position);
  }
}

}  // namespace

json NewMappingConfiguration(const EventSource& source, const json& input) {
  CheckMembers(source, input);
  json config = {{"EventSourceArn", source.arn},
                 {"State", "Creating"},
                 {"FunctionResponseTypes", json::array()}};
  if (source.kind == SourceKind::kSqs) {
    config["BatchSize"] = 10;
    config["MaximumBatchingWindowInSeconds"] = 0;
    config["StateTransitionReason"] = "USER_INITIATED";
  } else {
    CheckStartingPosition(input);
    config["StartingPosition"] = input["StartingPosition"];
    config["BatchSize"] = 100;
    config["MaximumBatchingWindowInSeconds"] = 0;
    config["ParallelizationFactor"] = 1;
    config["DestinationConfig"] = {{"OnFailure", json::object()}};
    config["MaximumRecordAgeInSeconds"] = -1;
    config["BisectBatchOnFunctionError"] = false;
    config["MaximumRetryAttempts"] = -1;
    config["TumblingWindowInSeconds"] = 0;
    config["LastProcessingResult"] = "No records processed";
    config["StateTransitionReason"] = "User action";
  }
  for (const char* member : kCopiedMappingFields) {
    if (input.contains(member)) config[member] = input[member];
  }
  CheckSqsBatch(source, config);
  return config;
}

void ApplyMappingUpdate(json& config, const EventSource& source, const json& input) {
  CheckMembers(source, input);
  for (const char* member : kCopiedMappingFields) {
    if (input.contains(member)) config[member] = input[member];
  }
  CheckSqsBatch(source, config);
  config["State"] = "Updating";
}

json SettledConfiguration(const json& record) {
  json config = record["Configuration"];
  std::string state = config.value("State", "Enabled");
  bool enabled = record.value("Enabled", true);
  if (state == "Creating" || state == "Updating" || state == "Enabling" || state == "Disabling") {
    config["State"] = enabled ? "Enabled" : "Disabled";
  }
  return config;
}

}  // namespace terrarium::services::lambda
