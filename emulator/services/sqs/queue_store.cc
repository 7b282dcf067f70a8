#include "emulator/services/sqs/queue_store.h"

#include <unordered_map>

#include "emulator/core/ids.h"
#include "emulator/services/sqs/errors.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"
#include "emulator/storage/parsed_records.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

constexpr const char* kQueueTable = "sqs.queues";
constexpr const char* kDeleted = "sqs.deleted";

json ToJson(const Queue& queue) {
  json value = {{"Name", queue.name},
                {"Attributes", queue.attributes},
                {"Tags", queue.tags},
                {"CreatedTimestamp", queue.created},
                {"LastModifiedTimestamp", queue.last_modified}};
  if (queue.last_purge_ms != 0) value["LastPurgeMs"] = queue.last_purge_ms;
  return value;
}

Queue FromJson(const Scope& scope, const json& value) {
  Queue queue;
  queue.scope = scope;
  queue.name = value.at("Name");
  queue.attributes = value.at("Attributes");
  queue.tags = value.at("Tags");
  queue.created = value.at("CreatedTimestamp");
  queue.last_modified = value.at("LastModifiedTimestamp");
  queue.last_purge_ms = value.value("LastPurgeMs", int64_t{0});
  return queue;
}

std::shared_ptr<const Queue> LoadQueueRef(storage::ReadTxn& txn, const Scope& scope,
                                          std::string_view name) {
  if (name.empty() || name.size() > 80) return nullptr;
  std::string key = storage::ScopedKey(scope, name);
  auto bytes = txn.Get(kQueueTable, key);
  if (!bytes) return nullptr;
  auto parse = [&] { return FromJson(scope, json::parse(*bytes)); };
  if (txn.memos() == nullptr) return std::make_shared<const Queue>(parse());
  return txn.memos()->Get<storage::ParsedRecords<Queue>>().Get(key, *bytes, parse);
}

}  // namespace

bool Queue::fifo() const { return Text("FifoQueue") == "true"; }

std::string Queue::Arn() const { return terrarium::Arn("sqs", scope.region, scope.account, name); }

void Queue::AppendArn(std::string& out) const {
  terrarium::AppendArn(out, "sqs", scope.region, scope.account, name);
}

bool Queue::IsArn(std::string_view text) const {
  return terrarium::IsArn(text, "sqs", scope.region, scope.account, name);
}

std::string Queue::Key() const { return storage::ScopedKey(scope, name); }

std::string Queue::Url(std::string_view host) const {
  return "http://" + std::string(host) + "/" + scope.account + "/" + name;
}

int64_t Queue::Int(const std::string& attribute) const {
  std::string text = Text(attribute);
  return text.empty() ? 0 : std::stoll(text);
}

std::string Queue::Text(const std::string& attribute) const {
  auto it = attributes.find(attribute);
  return it == attributes.end() ? std::string() : it->get<std::string>();
}

void RememberDeletion(storage::WriteTxn& txn, const Queue& queue, int64_t now_ms) {
  txn.Put(kDeleted, queue.Key(), std::to_string(now_ms));
}

std::optional<int64_t> DeletedAt(storage::ReadTxn& txn, const Scope& scope, std::string_view name) {
  auto text = txn.Get(kDeleted, storage::ScopedKey(scope, name));
  if (!text) return std::nullopt;
  return std::stoll(*text);
}

void ForgetDeletion(storage::WriteTxn& txn, const Scope& scope, std::string_view name) {
  txn.Erase(kDeleted, storage::ScopedKey(scope, name));
}

std::optional<QueueName> ParseQueueUrl(std::string_view url) {
  // The last two path segments, whatever the scheme and host (any host form reaches the queue).
  if (auto scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
    auto slash = url.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    url.remove_prefix(slash);
  }
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  auto last = url.rfind('/');
  if (last == std::string_view::npos || last == 0) return std::nullopt;
  auto before = url.rfind('/', last - 1);
  std::string_view account = url.substr(before == std::string_view::npos ? 0 : before + 1,
                                        last - (before == std::string_view::npos ? 0 : before + 1));
  std::string_view name = url.substr(last + 1);
  if (account.empty() || name.empty()) return std::nullopt;
  return QueueName{std::string(account), std::string(name)};
}

std::optional<Queue> ParseQueueArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:sqs:";
  if (!arn.starts_with(kPrefix)) return std::nullopt;
  arn.remove_prefix(kPrefix.size());
  auto colon1 = arn.find(':');
  if (colon1 == std::string_view::npos) return std::nullopt;
  auto colon2 = arn.find(':', colon1 + 1);
  if (colon2 == std::string_view::npos) return std::nullopt;
  Queue queue;
  queue.scope.region = std::string(arn.substr(0, colon1));
  queue.scope.account = std::string(arn.substr(colon1 + 1, colon2 - colon1 - 1));
  queue.name = std::string(arn.substr(colon2 + 1));
  if (queue.scope.region.empty() || queue.scope.account.empty() || queue.name.empty()) {
    return std::nullopt;
  }
  return queue;
}

std::optional<Queue> LoadQueue(storage::ReadTxn& txn, const Scope& scope, std::string_view name) {
  if (name.empty() || name.size() > 80) return std::nullopt;
  auto value = storage::GetJson(txn, kQueueTable, storage::ScopedKey(scope, name));
  if (!value) return std::nullopt;
  return FromJson(scope, *value);
}

void SaveQueue(storage::WriteTxn& txn, const Queue& queue) {
  storage::PutJson(txn, kQueueTable, queue.Key(), ToJson(queue));
}

void EraseQueueRecord(storage::WriteTxn& txn, const Queue& queue) {
  txn.Erase(kQueueTable, queue.Key());
}

void ScanQueues(storage::ReadTxn& txn, const Scope& scope, std::string_view prefix,
                std::string_view start_after, const std::function<bool(const Queue&)>& fn) {
  std::string key_prefix = storage::ScopedKey(scope, prefix);
  std::string after = start_after.empty() ? "" : storage::ScopedKey(scope, start_after);
  txn.Scan(kQueueTable, key_prefix, after, [&](std::string_view, std::string_view value) {
    return fn(FromJson(scope, json::parse(value)));
  });
}

Queue ResolveQueue(RequestContext& ctx, storage::ReadTxn& txn, const json& input) {
  return *ResolveQueueRef(ctx, txn, input);
}

std::shared_ptr<const Queue> ResolveQueueRef(RequestContext& ctx, storage::ReadTxn& txn,
                                             const json& input) {
  auto it = input.find("QueueUrl");
  if (it == input.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw MissingParameter("QueueUrl");
  }
  auto parsed = ParseQueueUrl(it->get<std::string>());
  if (!parsed) throw QueueDoesNotExist();
  Scope scope{parsed->account, ctx.scope.region};
  auto queue = LoadQueueRef(txn, scope, parsed->name);
  if (!queue) throw QueueDoesNotExist();
  return queue;
}

std::optional<Queue> FindQueueByArn(storage::ReadTxn& txn, std::string_view arn) {
  auto parsed = ParseQueueArn(arn);
  if (!parsed) return std::nullopt;
  return LoadQueue(txn, parsed->scope, parsed->name);
}

std::string WaitKey(const Queue& queue) { return "sqs:" + queue.Arn(); }

void WakePollers(RequestContext& ctx, const std::string& key, size_t messages) {
  if (ctx.waits != nullptr) ctx.waits->Notify(key, messages);
}

}  // namespace terrarium::services::sqs
