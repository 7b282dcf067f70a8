// The stored message record: a compact binary layout (message_record.cc), read back without a
// JSON parse; records in the JSON layout written before it are still read.
#pragma once

#include <string>
#include <string_view>

#include "emulator/services/sqs/message_store.h"

namespace terrarium::services::sqs {

std::string EncodeMessage(const Message& message);
// Either layout; throws on a malformed record.
Message DecodeMessage(std::string_view record);
// The record's visibility time, without decoding the rest of a binary record.
int64_t VisibleAtOfRecord(std::string_view record);

}  // namespace terrarium::services::sqs
