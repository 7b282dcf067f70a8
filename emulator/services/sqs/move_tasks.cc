#include "emulator/services/sqs/move_tasks.h"

#include <fmt/format.h>

#include <algorithm>

#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/services/sqs/errors.h"
#include "emulator/services/sqs/message_store.h"
#include "emulator/services/sqs/receive.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

constexpr const char* kTasks = "sqs.move_tasks";
constexpr const char* kRunning = "sqs.running_moves";

AwsError NoSuchTask() {
  return AwsError("ResourceNotFoundException",
                  "The resource that you specified for the TaskHandle parameter doesn't exist.");
}

// The running task of a source, with its store key.
std::optional<std::pair<std::string, json>> RunningTaskOf(storage::ReadTxn& txn,
                                                          const Queue& source) {
  std::optional<std::pair<std::string, json>> found;
  txn.Scan(kRunning, source.Key() + "/", "", [&](std::string_view key, std::string_view) {
    if (auto task = storage::GetJson(txn, kTasks, key)) found.emplace(std::string(key), *task);
    return !found;
  });
  return found;
}

void SaveTask(storage::WriteTxn& txn, const std::string& key, const json& task) {
  storage::PutJson(txn, kTasks, key, task);
  if (task.at("Status") == "RUNNING") {
    txn.Put(kRunning, key, "");
  } else {
    txn.Erase(kRunning, key);
  }
}

// Moves what the task owes at `now_ms` and saves it (COMPLETED once nothing is left).
void Advance(storage::WriteTxn& txn, const std::string& key, json& task, int64_t now_ms,
             std::vector<std::string>& wake) {
  const json& internal = task.at("Internal");
  auto source = FindQueueByArn(txn, task.at("SourceArn").get<std::string>());
  if (!source) {
    task["Status"] = "FAILED";
    task["FailureReason"] = "AWS.SimpleQueueService.NonExistentQueue";
    SaveTask(txn, key, task);
    return;
  }
  std::optional<Queue> destination;
  if (task.contains("DestinationArn")) {
    destination = FindQueueByArn(txn, task["DestinationArn"].get<std::string>());
    if (!destination) {
      task["Status"] = "FAILED";
      task["FailureReason"] = "AWS.SimpleQueueService.NonExistentQueue";
      SaveTask(txn, key, task);
      return;
    }
  }
  int64_t moved = task.at("ApproximateNumberOfMessagesMoved");
  int64_t to_move = task.at("ApproximateNumberOfMessagesToMove");
  int64_t due = to_move;
  if (task.contains("MaxNumberOfMessagesPerSecond")) {
    int64_t seconds = (now_ms - task.at("StartedTimestamp").get<int64_t>()) / 1000 + 1;
    due = std::min(to_move, seconds * task["MaxNumberOfMessagesPerSecond"].get<int64_t>());
  }
  uint64_t last_seq = internal.at("LastSeq");
  std::vector<Message> batch;
  bool exhausted = true;
  ScanMessages(txn, source->Key(), [&](const Message& m) {
    if (m.seq > last_seq) return false;  // sent after the task started
    if (moved + static_cast<int64_t>(batch.size()) >= due) {
      exhausted = false;
      return false;
    }
    batch.push_back(m);
    return true;
  });
  for (Message& message : batch) {
    std::optional<Queue> target = destination;
    if (!target) target = FindQueueByArn(txn, message.dead_letter_source_arn);
    if (!target) {  // its original queue is gone: the message stays where it is
      continue;
    }
    message.dead_letter_source_arn.clear();
    wake.push_back(WaitKey(*target));
    MoveMessage(txn, *source, std::move(message), *target, now_ms, false);
    ++moved;
  }
  task["ApproximateNumberOfMessagesMoved"] = moved;
  if (exhausted) task["Status"] = "COMPLETED";
  SaveTask(txn, key, task);
}

json Shown(json task) {
  task.erase("Internal");
  if (task.at("Status") != "RUNNING") task.erase("TaskHandle");  // only a running task has one
  return task;
}

}  // namespace

std::string StartMoveTask(storage::WriteTxn& txn, const MoveTaskSpec& spec, int64_t now_ms,
                          std::vector<std::string>& wake) {
  AdvanceMoveTasksOf(txn, spec.source, now_ms, wake);
  if (RunningTaskOf(txn, spec.source)) {
    throw InvalidParameterValue(
        "There is already a task running. Only one active task is allowed for a source queue "
        "arn at a given time.");
  }
  int64_t count = 0;
  uint64_t last_seq = 0;
  ScanMessages(txn, spec.source.Key(), [&](const Message& m) {
    ++count;
    last_seq = m.seq;
    return true;
  });
  std::string task_id = NewUuid();
  std::string source_arn = spec.source.Arn();
  json task = {
      {"TaskHandle", Base64Encode(json{{"taskId", task_id}, {"sourceArn", source_arn}}.dump())},
      {"Status", "RUNNING"},
      {"SourceArn", source_arn},
      {"ApproximateNumberOfMessagesMoved", 0},
      {"ApproximateNumberOfMessagesToMove", count},
      {"StartedTimestamp", now_ms},
      {"Internal", {{"LastSeq", last_seq}}}};
  if (spec.destination) task["DestinationArn"] = spec.destination->Arn();
  if (spec.per_second) task["MaxNumberOfMessagesPerSecond"] = *spec.per_second;
  std::string key = fmt::format("{}/{:015}/{}", spec.source.Key(), now_ms, task_id);
  Advance(txn, key, task, now_ms, wake);
  return task["TaskHandle"];
}

void AdvanceMoveTasksOf(storage::WriteTxn& txn, const Queue& source, int64_t now_ms,
                        std::vector<std::string>& wake) {
  if (auto running = RunningTaskOf(txn, source)) {
    Advance(txn, running->first, running->second, now_ms, wake);
  }
}

std::vector<std::string> AdvanceAllMoveTasks(storage::Store& store, int64_t now_ms) {
  std::vector<std::string> wake;
  std::vector<std::string> keys;
  store.BeginRead()->Scan(kRunning, "", "", [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  if (keys.empty()) return wake;
  auto txn = store.BeginWrite();
  for (const auto& key : keys) {
    auto task = storage::GetJson(*txn, kTasks, key);
    if (!task || task->at("Status") != "RUNNING") {
      txn->Erase(kRunning, key);
      continue;
    }
    Advance(*txn, key, *task, now_ms, wake);
  }
  txn->Commit();
  return wake;
}

json ListMoveTasks(storage::ReadTxn& txn, const Queue& source, size_t max) {
  std::vector<json> tasks;
  txn.Scan(kTasks, source.Key() + "/", "", [&](std::string_view, std::string_view value) {
    tasks.push_back(json::parse(value));
    return true;
  });
  json results = json::array();
  for (auto it = tasks.rbegin(); it != tasks.rend() && results.size() < max; ++it) {
    results.push_back(Shown(*it));
  }
  return results;
}

int64_t CancelMoveTask(storage::WriteTxn& txn, const std::string& handle, int64_t now_ms,
                       std::vector<std::string>& wake) {
  auto decoded = Base64Decode(handle);
  json parsed = decoded ? json::parse(*decoded, nullptr, false) : json();
  if (!parsed.is_object() || !parsed.contains("sourceArn") || !parsed["sourceArn"].is_string()) {
    throw NoSuchTask();
  }
  auto source = FindQueueByArn(txn, parsed["sourceArn"].get<std::string>());
  if (!source) throw NoSuchTask();
  AdvanceMoveTasksOf(txn, *source, now_ms, wake);
  auto running = RunningTaskOf(txn, *source);
  if (!running || running->second.value("TaskHandle", "") != handle) throw NoSuchTask();
  json& task = running->second;
  task["Status"] = "CANCELLED";
  SaveTask(txn, running->first, task);
  return task.at("ApproximateNumberOfMessagesMoved");
}

}  // namespace terrarium::services::sqs
