#include "emulator/services/sqs/attributes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string_view>

#include "emulator/services/sqs/errors.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

struct IntRange {
  std::string_view name;
  int64_t min;
  int64_t max;
};

constexpr std::array<IntRange, 6> kIntAttributes{{
    {"DelaySeconds", 0, 900},
    {"MaximumMessageSize", 1024, 1048576},
    {"MessageRetentionPeriod", 60, 1209600},
    {"ReceiveMessageWaitTimeSeconds", 0, 20},
    {"VisibilityTimeout", 0, 43200},
    {"KmsDataKeyReusePeriodSeconds", 60, 86400},
}};

constexpr std::array<std::string_view, 6> kOtherSettable{
    "Policy",         "RedrivePolicy",        "RedriveAllowPolicy",
    "KmsMasterKeyId", "SqsManagedSseEnabled", "FifoQueue"};
constexpr std::array<std::string_view, 3> kFifoOnly{"ContentBasedDeduplication",
                                                    "DeduplicationScope", "FifoThroughputLimit"};
constexpr std::array<std::string_view, 6> kComputed{"ApproximateNumberOfMessages",
                                                    "ApproximateNumberOfMessagesNotVisible",
                                                    "ApproximateNumberOfMessagesDelayed",
                                                    "CreatedTimestamp",
                                                    "LastModifiedTimestamp",
                                                    "QueueArn"};

template <size_t N>
bool In(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

const IntRange* FindInt(std::string_view name) {
  for (const auto& range : kIntAttributes) {
    if (range.name == name) return &range;
  }
  return nullptr;
}

bool IsKnown(std::string_view name) {
  return FindInt(name) || In(kOtherSettable, name) || In(kFifoOnly, name) || In(kComputed, name);
}

bool IsBoolean(const std::string& value) {
  std::string lower;
  for (char c : value)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "true" || lower == "false";
}

void CheckInt(const IntRange& range, const std::string& value) {
  bool digits = !value.empty() && value.size() < 12 &&
                std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(c); });
  if (!digits) throw InvalidAttributeValue(range.name);
  int64_t number = std::stoll(value);
  if (number < range.min || number > range.max) throw InvalidAttributeValue(range.name);
}

void CheckJsonDocument(const std::string& name, const std::string& value) {
  if (value.empty()) return;  // clears it
  json parsed = json::parse(value, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) throw InvalidAttributeValue(name);
}

void CheckOne(const std::string& name, const std::string& value, bool fifo, bool creating) {
  if (const IntRange* range = FindInt(name)) return CheckInt(*range, value);
  if (In(kComputed, name) || !IsKnown(name)) throw InvalidAttributeName(name);
  if (In(kFifoOnly, name) && !fifo) throw InvalidAttributeName(name);
  if (name == "FifoQueue") {
    if (!creating) throw InvalidAttributeName(name);
    if (!IsBoolean(value)) throw InvalidAttributeValue(name);
  } else if (name == "ContentBasedDeduplication" || name == "SqsManagedSseEnabled") {
    if (!IsBoolean(value)) throw InvalidAttributeValue(name);
  } else if (name == "DeduplicationScope") {
    if (value != "messageGroup" && value != "queue") throw InvalidAttributeValue(name);
  } else if (name == "FifoThroughputLimit") {
    if (value != "perQueue" && value != "perMessageGroupId") throw InvalidAttributeValue(name);
  } else if (name == "Policy" || name == "RedriveAllowPolicy" || name == "RedrivePolicy") {
    CheckJsonDocument(name, value);
  }
}

}  // namespace

void CheckFifoThroughputRules(const json& attributes) {
  if (attributes.value("FifoThroughputLimit", "") == "perMessageGroupId" &&
      attributes.value("DeduplicationScope", "") != "messageGroup") {
    throw InvalidAttributeValue(
        "FifoThroughputLimit",
        "The perMessageGroupId value is allowed only when the value for DeduplicationScope is "
        "messageGroup");
  }
}

namespace {

std::string Seconds(double epoch_seconds) {
  return std::to_string(static_cast<int64_t>(epoch_seconds));
}

}  // namespace

bool IsTrue(const std::string& value) {
  return value.size() == 4 && IsBoolean(value) && (value[0] | 0x20) == 't';
}

void ValidateQueueAttributes(const json& given, bool fifo, bool creating) {
  for (const auto& [name, value] : given.items()) {
    if (!value.is_string()) throw InvalidAttributeValue(name);
    CheckOne(name, value.get<std::string>(), fifo, creating);
  }
}

json NewQueueAttributes(const json& given, bool fifo) {
  json attributes = {{"DelaySeconds", "0"},
                     {"MaximumMessageSize", "262144"},
                     {"MessageRetentionPeriod", "345600"},
                     {"ReceiveMessageWaitTimeSeconds", "0"},
                     {"VisibilityTimeout", "30"},
                     {"SqsManagedSseEnabled", "true"}};
  if (fifo) {
    attributes["FifoQueue"] = "true";
    attributes["ContentBasedDeduplication"] = "false";
    attributes["DeduplicationScope"] = "queue";
    attributes["FifoThroughputLimit"] = "perQueue";
  }
  if (given.contains("KmsMasterKeyId")) {
    attributes["KmsDataKeyReusePeriodSeconds"] = "300";
    attributes["SqsManagedSseEnabled"] = "false";
  }
  for (const auto& [name, value] : given.items()) attributes[name] = value;
  return attributes;
}

std::vector<std::string> RequestedQueueAttributes(const json& names) {
  std::vector<std::string> requested;
  if (!names.is_array()) return requested;
  for (const auto& item : names) {
    std::string name = item.get<std::string>();
    if (name == "All") {
      requested.clear();
      for (const auto& range : kIntAttributes) requested.emplace_back(range.name);
      for (auto other : kOtherSettable) requested.emplace_back(other);
      for (auto other : kFifoOnly) requested.emplace_back(other);
      for (auto other : kComputed) requested.emplace_back(other);
      return requested;
    }
    if (!IsKnown(name)) throw InvalidAttributeName(name);
    requested.push_back(name);
  }
  return requested;
}

bool NeedsCounts(const std::vector<std::string>& names) {
  return std::any_of(names.begin(), names.end(),
                     [](const std::string& name) { return name.starts_with("ApproximateNumber"); });
}

json QueueAttributesOutput(const Queue& queue, const std::vector<std::string>& names,
                           const MessageCounts& counts) {
  json output = json::object();
  for (const auto& name : names) {
    if (name == "ApproximateNumberOfMessages") {
      output[name] = std::to_string(counts.visible);
    } else if (name == "ApproximateNumberOfMessagesNotVisible") {
      output[name] = std::to_string(counts.not_visible);
    } else if (name == "ApproximateNumberOfMessagesDelayed") {
      output[name] = std::to_string(counts.delayed);
    } else if (name == "CreatedTimestamp") {
      output[name] = Seconds(queue.created);
    } else if (name == "LastModifiedTimestamp") {
      output[name] = Seconds(queue.last_modified);
    } else if (name == "QueueArn") {
      output[name] = queue.Arn();
    } else if (auto it = queue.attributes.find(name); it != queue.attributes.end()) {
      // Cleared policies are not listed.
      if (!it->get_ref<const std::string&>().empty()) output[name] = *it;
    }
  }
  return output;
}

}  // namespace terrarium::services::sqs
