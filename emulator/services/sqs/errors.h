// The errors SQS answers, with AWS's wording. Codes are the model's error shape names; the
// codecs render the legacy query codes (AWS.SimpleQueueService.NonExistentQueue, ...).
#pragma once

#include <string>
#include <string_view>

#include "emulator/core/aws_error.h"

namespace terrarium::services::sqs {

AwsError QueueDoesNotExist();
// "Value <value> for parameter <name> is invalid. Reason: <reason>"
AwsError InvalidParameterValue(std::string_view name, std::string_view value,
                               std::string_view reason);
// A free-form InvalidParameterValue message.
AwsError InvalidParameterValue(std::string message);
// "The request must contain the parameter <name>."
AwsError MissingParameter(std::string_view name);
// "Invalid value for the parameter <name>." (queue attributes)
AwsError InvalidAttributeValue(std::string_view name, std::string_view reason = {});
// "Unknown Attribute <name>."
AwsError InvalidAttributeName(std::string_view name);
AwsError ReceiptHandleIsInvalid(std::string_view handle);

}  // namespace terrarium::services::sqs
