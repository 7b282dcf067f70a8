// RedrivePolicy (where a queue's dead letters go) and RedriveAllowPolicy (who may send dead
// letters to a queue), as JSON texts in queue attributes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/services/sqs/queue_store.h"
#include "emulator/storage/store.h"

namespace terrarium::services::sqs {

struct Redrive {
  std::string target_arn;
  int64_t max_receive_count = 0;
};
std::optional<Redrive> RedriveOf(const Queue& queue);

// Throws InvalidParameterValue unless `value` (RedrivePolicy of `source`) names an existing
// queue of the same kind that allows redrive from `source`, with maxReceiveCount 1-1000.
void CheckRedrivePolicy(storage::ReadTxn& txn, const Queue& source, const std::string& value);

}  // namespace terrarium::services::sqs
