#include "emulator/services/sqs/redrive_policy.h"

#include <nlohmann/json.hpp>

#include "emulator/services/sqs/errors.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

std::optional<int64_t> CountOf(const json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!text.empty() && text.size() < 10 &&
        text.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoll(text);
    }
  }
  return std::nullopt;
}

bool AllowsRedriveFrom(const Queue& target, const std::string& source_arn) {
  json policy = json::parse(target.Text("RedriveAllowPolicy"), nullptr, false);
  if (!policy.is_object()) return true;
  std::string permission = policy.value("redrivePermission", "allowAll");
  if (permission == "denyAll") return false;
  if (permission != "byQueue") return true;
  for (const auto& arn : policy.value("sourceQueueArns", json::array())) {
    if (arn == source_arn) return true;
  }
  return false;
}

}  // namespace

std::optional<Redrive> RedriveOf(const Queue& queue) {
  std::string text = queue.Text("RedrivePolicy");
  if (text.empty()) return std::nullopt;
  json policy = json::parse(text, nullptr, false);
  if (!policy.is_object()) return std::nullopt;
  auto count = CountOf(policy.value("maxReceiveCount", json()));
  if (!count) return std::nullopt;
  return Redrive{policy.value("deadLetterTargetArn", ""), *count};
}

void CheckRedrivePolicy(storage::ReadTxn& txn, const Queue& source, const std::string& value) {
  if (value.empty()) return;
  auto invalid = [&](const std::string& reason) {
    return InvalidParameterValue("RedrivePolicy", value, reason);
  };
  json policy = json::parse(value, nullptr, false);
  if (!policy.is_object()) throw invalid("Redrive policy is not a valid JSON map.");
  auto arn = policy.find("deadLetterTargetArn");
  if (arn == policy.end() || !arn->is_string()) {
    throw invalid("Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
  }
  auto count_field = policy.find("maxReceiveCount");
  if (count_field == policy.end()) {
    throw invalid("Redrive policy does not contain mandatory attribute: maxReceiveCount.");
  }
  auto count = CountOf(*count_field);
  if (!count || *count < 1 || *count > 1000) {
    throw invalid("Invalid value for maxReceiveCount: " + count_field->dump() +
                  ", valid values are from 1 to 1000 both inclusive.");
  }
  auto target = FindQueueByArn(txn, arn->get<std::string>());
  if (!target) throw invalid("Dead letter target does not exist.");
  if (target->fifo() != source.fifo()) {
    throw invalid("Dead-letter queue must be same type of queue as the source.");
  }
  if (!AllowsRedriveFrom(*target, source.Arn())) {
    throw invalid("Queue " + target->Arn() + " does not allow redrive from " + source.Arn() + ".");
  }
}

}  // namespace terrarium::services::sqs
