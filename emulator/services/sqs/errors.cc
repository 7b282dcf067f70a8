#include "emulator/services/sqs/errors.h"

namespace terrarium::services::sqs {

AwsError QueueDoesNotExist() {
  return AwsError("QueueDoesNotExist", "The specified queue does not exist.");
}

AwsError InvalidParameterValue(std::string_view name, std::string_view value,
                               std::string_view reason) {
  return InvalidParameterValue("Value " + std::string(value) + " for parameter " +
                               std::string(name) + " is invalid. Reason: " + std::string(reason));
}

AwsError InvalidParameterValue(std::string message) {
  return AwsError("InvalidParameterValue", std::move(message));
}

AwsError MissingParameter(std::string_view name) {
  return AwsError("MissingParameter",
                  "The request must contain the parameter " + std::string(name) + ".");
}

AwsError InvalidAttributeValue(std::string_view name, std::string_view reason) {
  std::string message = "Invalid value for the parameter " + std::string(name) + ".";
  if (!reason.empty()) message += " Reason: " + std::string(reason);
  return AwsError("InvalidAttributeValue", message);
}

AwsError InvalidAttributeName(std::string_view name) {
  return AwsError("InvalidAttributeName", "Unknown Attribute " + std::string(name) + ".");
}

AwsError ReceiptHandleIsInvalid(std::string_view handle) {
  return AwsError("ReceiptHandleIsInvalid", "The input receipt handle \"" + std::string(handle) +
                                                "\" is not a valid receipt handle.");
}

}  // namespace terrarium::services::sqs
