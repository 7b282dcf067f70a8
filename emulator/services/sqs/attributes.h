// Queue attributes: which exist, their defaults and ranges, and GetQueueAttributes' answer with
// the computed ones (counts, ARN, timestamps).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/services/sqs/message_store.h"
#include "emulator/services/sqs/queue_store.h"

namespace terrarium::services::sqs {

// Checks attributes given to CreateQueue (creating) or SetQueueAttributes against the names and
// ranges AWS accepts; `fifo` is the queue's kind. RedrivePolicy's target is checked by the caller.
void ValidateQueueAttributes(const nlohmann::json& given, bool fifo, bool creating);
// Rules across a FIFO queue's attributes as they will be (after a create or set): high
// throughput (FifoThroughputLimit perMessageGroupId) needs DeduplicationScope messageGroup.
void CheckFifoThroughputRules(const nlohmann::json& attributes);
// The attributes of a new queue: the given ones over the defaults.
nlohmann::json NewQueueAttributes(const nlohmann::json& given, bool fifo);
// The names a GetQueueAttributes request asks for ("All" expands); throws InvalidAttributeName.
std::vector<std::string> RequestedQueueAttributes(const nlohmann::json& names);
// Whether any of `names` is a count (so the caller knows whether to count messages).
bool NeedsCounts(const std::vector<std::string>& names);
nlohmann::json QueueAttributesOutput(const Queue& queue, const std::vector<std::string>& names,
                                     const MessageCounts& counts);
// Case-insensitive "true".
bool IsTrue(const std::string& value);

}  // namespace terrarium::services::sqs
