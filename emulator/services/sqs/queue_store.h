// Queues in the store: one JSON record per queue under "<account>/<region>/<name>" in
// "sqs.queues", plus how a request names a queue (URL, ARN).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/core/scope.h"
#include "emulator/storage/store.h"

namespace terrarium::services::sqs {

struct Queue {
  Scope scope;
  std::string name;
  // Settable attributes as strings, byte for byte as set; defaults filled in at creation.
  nlohmann::json attributes = nlohmann::json::object();
  nlohmann::json tags = nlohmann::json::object();
  double created = 0;        // epoch seconds
  double last_modified = 0;  // epoch seconds
  int64_t last_purge_ms = 0;

  bool fifo() const;
  std::string Arn() const;
  void AppendArn(std::string& out) const;   // Arn() without a string of its own
  bool IsArn(std::string_view text) const;  // text == Arn(), without building it
  std::string Key() const;                  // the store key, also the prefix of its messages' keys
  std::string Url(std::string_view host) const;
  // An integer attribute (VisibilityTimeout, DelaySeconds, ...), validated when set.
  int64_t Int(const std::string& attribute) const;
  std::string Text(const std::string& attribute) const;  // empty when unset
};

// The account and name a queue URL (http://<any host>/<account>/<name>) points at.
struct QueueName {
  std::string account;
  std::string name;
};
std::optional<QueueName> ParseQueueUrl(std::string_view url);
// arn:aws:sqs:<region>:<account>:<name>
std::optional<Queue> ParseQueueArn(std::string_view arn);

std::optional<Queue> LoadQueue(storage::ReadTxn& txn, const Scope& scope, std::string_view name);
void SaveQueue(storage::WriteTxn& txn, const Queue& queue);
void EraseQueueRecord(storage::WriteTxn& txn, const Queue& queue);
// Deleted queues' names ("sqs.deleted", "<account>/<region>/<name>" -> deletion time in ms): AWS
// refuses to create a queue of the same name for 60 s after a deletion.
void RememberDeletion(storage::WriteTxn& txn, const Queue& queue, int64_t now_ms);
// When the queue of that name was last deleted, if its tombstone is still kept.
std::optional<int64_t> DeletedAt(storage::ReadTxn& txn, const Scope& scope, std::string_view name);
void ForgetDeletion(storage::WriteTxn& txn, const Scope& scope, std::string_view name);
// Queues of `scope` whose names start with `prefix`, in name order, after `start_after`.
void ScanQueues(storage::ReadTxn& txn, const Scope& scope, std::string_view prefix,
                std::string_view start_after, const std::function<bool(const Queue&)>& fn);

// The queue input["QueueUrl"] names, in the caller's region; throws QueueDoesNotExist.
Queue ResolveQueue(RequestContext& ctx, storage::ReadTxn& txn, const nlohmann::json& input);
// The same without copying the parsed record (SendMessage, ReceiveMessage, DeleteMessage).
std::shared_ptr<const Queue> ResolveQueueRef(RequestContext& ctx, storage::ReadTxn& txn,
                                             const nlohmann::json& input);
// The queue an ARN names, if it exists.
std::optional<Queue> FindQueueByArn(storage::ReadTxn& txn, std::string_view arn);

// The WaitHub key long polls of this queue wait on.
std::string WaitKey(const Queue& queue);
// Wakes the long polls waiting on `key` (none for in-process calls without a hub): at most as
// many as there are new `messages` to take, all of them by default.
void WakePollers(RequestContext& ctx, const std::string& key, size_t messages = SIZE_MAX);

}  // namespace terrarium::services::sqs
