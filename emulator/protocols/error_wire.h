// How an AwsError travels: its HTTP status, fault side and wire codes, from the error itself, the
// model's error shapes and the service's overrides. Every codec renders errors from this.
#pragma once

#include <string>

#include "emulator/core/aws_error.h"
#include "emulator/models/service_model.h"

namespace terrarium::protocols {

struct ErrorWire {
  std::string code;         // the shape name or common code the handler threw
  std::string legacy_code;  // the model/overrides wire code (SQS's query codes), else `code`
  std::string json_type;    // a whole JSON `__type` from the overrides, else empty
  int status = 400;
  bool sender_fault = true;
  const models::Shape* shape = nullptr;  // the modelled error shape, if any
};

// Status: the error's own, else the model's/overrides', else 400 (500 for a server fault).
ErrorWire ResolveError(const models::ServiceModel& model, const AwsError& error);

// The key an error shape spells its message with: "Message" for the shapes that declare it so
// (Lambda's ResourceNotFoundException, DynamoDB's TransactionCanceledException), else "message".
const char* MessageKey(const models::Shape* shape);

}  // namespace terrarium::protocols
