// Event source mappings that deliver: one pass over every enabled mapping reads its source
// (SQS ReceiveMessage, DynamoDB Streams GetRecords) and invokes the function synchronously
// with the batch, all through the in-process API (OperationInvoker).
//
// SQS: up to BatchSize messages (or fewer once MaximumBatchingWindowInSeconds has passed since
// the first was seen); deleted when the function succeeds, left to become visible again when it
// fails (so the queue's redrive policy moves them to its DLQ after maxReceiveCount); with
// ReportBatchItemFailures only the failed ones stay. Messages the FilterCriteria reject are
// deleted unseen.
// DynamoDB streams: batches in order per shard from TRIM_HORIZON or LATEST; a failed batch is
// retried until MaximumRetryAttempts (-1: until the records expire), halving it each time when
// BisectBatchOnFunctionError, then sent to the OnFailure destination (an SQS queue) and
// skipped; records the FilterCriteria reject are skipped. The position read so far is kept in
// the mapping's record.
//
// Tests drive it with a ManualClock by calling RunOnce; the server's thread (pollers.h) calls
// RunOnce when it is due or when a queue it waits on is notified.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/clock.h"
#include "emulator/core/operation_invoker.h"
#include "emulator/storage/store.h"

namespace terrarium::services::lambda {

struct PollerDeps {
  storage::Store* store = nullptr;
  OperationInvoker* invoker = nullptr;
  const Clock* clock = nullptr;
  std::function<void(const std::string&)> log;  // may be empty
};

// What RunOnce leaves for the caller to wait on.
struct PollOutcome {
  Clock::TimePoint next_due;           // run again no later than this
  std::vector<std::string> wait_keys;  // or as soon as one of these WaitHub keys is notified
};

class EventSourceDelivery {
 public:
  // How long an idle source waits before it is read again without being woken.
  static constexpr std::chrono::milliseconds kIdleQueueRecheck{1000};
  static constexpr std::chrono::milliseconds kStreamInterval{250};
  // Between retries of a failed stream batch.
  static constexpr std::chrono::milliseconds kStreamRetryDelay{1000};

  explicit EventSourceDelivery(PollerDeps deps) : deps_(std::move(deps)) {}

  // Reads every enabled mapping that is due and delivers what it finds.
  PollOutcome RunOnce();

 private:
  struct MappingState {
    Clock::TimePoint due{};
    Clock::TimePoint window_started{};  // when the batching window's first message was seen
    bool window_open = false;
    int failed_attempts = 0;  // stream: consecutive failures of the current batch
    size_t batch_limit = 0;   // stream: records per batch (bisected after failures)
    std::map<std::string, std::string> iterators;  // stream: by shard, in memory only
    std::map<std::string, bool> closed;            // stream: shards read to their end
    std::map<std::string, bool> expired;  // stream: the saved creation-time iterator expired
  };

  // Invokes the mapping's function with `event`; returns whether it succeeded, and its
  // response payload and FunctionError.
  struct InvokeResult {
    bool ok = false;
    std::string payload;
    std::string function_error;
    std::string executed_version;
  };
  // Each returns when the mapping is due again; SQS adds the key that wakes it.
  Clock::TimePoint PollQueue(const nlohmann::json& record, MappingState& state,
                             std::vector<std::string>& wait_keys);
  Clock::TimePoint PollStream(const nlohmann::json& record, MappingState& state);
  // The iterator a shard's next read starts from: in memory, else from the saved position.
  std::string ShardIterator(const nlohmann::json& record, const Scope& scope,
                            const std::string& shard, MappingState& state);
  // Gives up on a stream batch: sends it to the OnFailure destination, if any.
  void SendStreamFailure(const nlohmann::json& config, const std::string& shard,
                         const nlohmann::json& records, const InvokeResult& result, int attempts);

  InvokeResult InvokeFunction(const nlohmann::json& config, const Scope& scope,
                              const nlohmann::json& event);
  // Records the shard position and LastProcessingResult in the mapping (if it still exists).
  void SaveProgress(const nlohmann::json& record, const std::string& shard,
                    const std::string& sequence, const std::string& result);
  void Log(const std::string& line) const;

  PollerDeps deps_;
  std::map<std::string, MappingState> states_;  // by UUID
};

}  // namespace terrarium::services::lambda
