#include "emulator/protocols/error_wire.h"

namespace terrarium::protocols {

ErrorWire ResolveError(const models::ServiceModel& model, const AwsError& error) {
  ErrorWire wire;
  wire.code = error.code;
  wire.legacy_code = error.code;
  wire.shape = model.FindShape(error.code);
  if (wire.shape != nullptr && !wire.shape->exception) wire.shape = nullptr;
  const models::ErrorInfo* info = model.FindError(error.code);
  wire.sender_fault = error.sender_fault && (info == nullptr || info->sender_fault);
  if (error.status != 0) {
    wire.status = error.status;
  } else if (info != nullptr && info->http_status != 0) {
    wire.status = info->http_status;
  } else {
    wire.status = wire.sender_fault ? 400 : 500;
  }
  if (wire.status >= 500) wire.sender_fault = false;
  if (info != nullptr) {
    if (!info->code.empty()) wire.legacy_code = info->code;
    wire.json_type = info->json_type;
  }
  return wire;
}

const char* MessageKey(const models::Shape* shape) {
  if (shape != nullptr && shape->FindMember("Message") != nullptr &&
      shape->FindMember("message") == nullptr) {
    return "Message";
  }
  return "message";
}

}  // namespace terrarium::protocols
