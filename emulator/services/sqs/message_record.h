// The stored message record: JSON with sorted keys, written without building a json document
// (a tenth of SendMessage's handler went into building and dumping one) and read back.
#pragma once

#include <string>
#include <string_view>

#include "emulator/services/sqs/message_store.h"

namespace terrarium::services::sqs {

std::string EncodeMessage(const Message& message);
Message DecodeMessage(std::string_view record);

}  // namespace terrarium::services::sqs
