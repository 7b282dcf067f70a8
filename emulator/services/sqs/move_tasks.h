// Message move tasks (StartMessageMoveTask): a task moves the messages its source (a dead-letter
// queue) held when it started, oldest first, to one destination or back to each message's
// original queue. Without MaxNumberOfMessagesPerSecond it moves them all at once (AWS's
// "system optimized" rate, here as fast as possible); with a rate it stays RUNNING and moves
// that many per elapsed second, advanced by the service's upkeep each second and whenever the
// task is looked at, until done (COMPLETED) or cancelled (CANCELLED).
//
// "sqs.move_tasks" holds "<source key>/<started ms>/<task id>" -> the task as
// ListMessageMoveTasks shows it plus "Internal" state; "sqs.running_moves" lists the keys of the
// running ones so the upkeep reads only those.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/services/sqs/queue_store.h"
#include "emulator/storage/store.h"

namespace terrarium::services::sqs {

struct MoveTaskSpec {
  Queue source;
  std::optional<Queue> destination;
  std::optional<int64_t> per_second;
};

// Starts a task and moves what is due at once; returns its TaskHandle. Throws
// InvalidParameterValue when the source already has a running task. `wake` gets the wait keys of
// queues that received messages.
std::string StartMoveTask(storage::WriteTxn& txn, const MoveTaskSpec& spec, int64_t now_ms,
                          std::vector<std::string>& wake);
// Moves what the source's running task (if any) owes by `now_ms`.
void AdvanceMoveTasksOf(storage::WriteTxn& txn, const Queue& source, int64_t now_ms,
                        std::vector<std::string>& wake);
// Advances every running task of every account; returns the wait keys to wake.
std::vector<std::string> AdvanceAllMoveTasks(storage::Store& store, int64_t now_ms);
// The source's tasks, newest first, at most `max`, as ListMessageMoveTasks shows them.
nlohmann::json ListMoveTasks(storage::ReadTxn& txn, const Queue& source, size_t max);
// Cancels the running task a TaskHandle names; returns how many messages it had moved. Throws
// ResourceNotFoundException when the handle names no running task.
int64_t CancelMoveTask(storage::WriteTxn& txn, const std::string& handle, int64_t now_ms,
                       std::vector<std::string>& wake);

}  // namespace terrarium::services::sqs
