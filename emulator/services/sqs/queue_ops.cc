// SQS queues: create, find, list, delete, purge, attributes.
// Parity notes: CreateQueue on an existing queue compares only the attributes given; KMS keys are
// stored, never used; Policy documents are stored as given, never evaluated.
#include <cctype>
#include <cmath>

#include "emulator/core/encoding.h"
#include "emulator/services/sqs/attributes.h"
#include "emulator/services/sqs/errors.h"
#include "emulator/services/sqs/fifo.h"
#include "emulator/services/sqs/message_store.h"
#include "emulator/services/sqs/ops.h"
#include "emulator/services/sqs/queue_store.h"
#include "emulator/services/sqs/receive.h"
#include "emulator/services/sqs/receive_attempts.h"
#include "emulator/services/sqs/redrive_policy.h"
#include "emulator/services/sqs/tags.h"

namespace terrarium::services::sqs {
namespace {

constexpr int64_t kPurgeIntervalMs = 60 * 1000;
constexpr int64_t kReuseAfterDeleteMs = 60 * 1000;
constexpr int kMaxListResults = 1000;

void CheckQueueName(const std::string& name, bool fifo) {
  bool fifo_name = name.ends_with(".fifo");
  std::string base = fifo_name ? name.substr(0, name.size() - 5) : name;
  bool valid = !base.empty() && name.size() <= 80 && fifo_name == fifo;
  for (unsigned char c : base) valid = valid && (std::isalnum(c) || c == '-' || c == '_');
  if (valid) return;
  if (fifo) {
    throw InvalidParameterValue(
        "The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
        "underscores, must end with .fifo suffix and be 1 to 80 in length.");
  }
  throw InvalidParameterValue(
      "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
}

double WholeSeconds(const RequestContext& ctx) { return std::floor(ctx.clock->EpochSeconds()); }

std::string RequiredString(const json& input, const char* name) {
  auto it = input.find(name);
  if (it == input.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw MissingParameter(name);
  }
  return it->get<std::string>();
}

}  // namespace

json CreateQueue(RequestContext& ctx, const json& input) {
  std::string name = RequiredString(input, "QueueName");
  json given = input.value("Attributes", json::object());
  bool fifo = given.contains("FifoQueue") && given["FifoQueue"].is_string() &&
              IsTrue(given["FifoQueue"].get<std::string>());
  CheckQueueName(name, fifo);
  ValidateQueueAttributes(given, fifo, true);
  json tags = input.value("tags", json::object());
  CheckTags(tags);

  auto txn = ctx.store->BeginWrite();
  if (auto existing = LoadQueue(*txn, ctx.scope, name)) {
    for (const auto& [attribute, value] : given.items()) {
      if (existing->Text(attribute) != value.get<std::string>()) {
        throw AwsError("QueueNameExists",
                       "A queue already exists with the same name and a different value for "
                       "attribute " +
                           attribute);
      }
    }
    return {{"QueueUrl", existing->Url(ctx.host)}};
  }
  if (auto deleted = DeletedAt(*txn, ctx.scope, name)) {
    if (EpochMs(ctx.clock->Now()) - *deleted < kReuseAfterDeleteMs) {
      throw AwsError("QueueDeletedRecently",
                     "You must wait 60 seconds after deleting a queue before you can create "
                     "another with the same name.");
    }
    ForgetDeletion(*txn, ctx.scope, name);
  }
  Queue queue;
  queue.scope = ctx.scope;
  queue.name = name;
  queue.attributes = NewQueueAttributes(given, fifo);
  CheckFifoThroughputRules(queue.attributes);
  queue.tags = tags;
  queue.created = queue.last_modified = WholeSeconds(ctx);
  CheckRedrivePolicy(*txn, queue, queue.Text("RedrivePolicy"));
  SaveQueue(*txn, queue);
  txn->Commit();
  return {{"QueueUrl", queue.Url(ctx.host)}};
}

json GetQueueUrl(RequestContext& ctx, const json& input) {
  std::string name = RequiredString(input, "QueueName");
  Scope scope = ctx.scope;
  if (auto owner = input.value("QueueOwnerAWSAccountId", ""); !owner.empty()) {
    scope.account = owner;
  }
  auto queue = LoadQueue(*ctx.store->BeginRead(), scope, name);
  if (!queue) throw QueueDoesNotExist();
  return {{"QueueUrl", queue->Url(ctx.host)}};
}

json ListQueues(RequestContext& ctx, const json& input) {
  std::string prefix = input.value("QueueNamePrefix", "");
  bool paged = input.contains("MaxResults");
  int max = paged ? input["MaxResults"].get<int>() : kMaxListResults;
  if (max < 1 || max > kMaxListResults) {
    throw InvalidParameterValue("MaxResults", std::to_string(max),
                                "MaxResults must be an integer between 1 and 1000.");
  }
  std::string after;
  if (auto token = input.value("NextToken", ""); !token.empty()) {
    auto decoded = Base64Decode(token);
    if (!decoded) throw InvalidParameterValue("Invalid NextToken value.");
    after = *decoded;
  }
  json urls = json::array();
  std::string last;
  bool more = false;
  ScanQueues(*ctx.store->BeginRead(), ctx.scope, prefix, after, [&](const Queue& queue) {
    if (static_cast<int>(urls.size()) == max) {
      more = true;
      return false;
    }
    urls.push_back(queue.Url(ctx.host));
    last = queue.name;
    return true;
  });
  json output = json::object();
  if (!urls.empty()) output["QueueUrls"] = urls;
  if (more && paged) output["NextToken"] = Base64Encode(last);
  return output;
}

json DeleteQueue(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  Queue queue = ResolveQueue(ctx, *txn, input);
  EraseAllMessages(*txn, queue.Key());
  EraseDeduplication(*txn, queue);
  EraseReceiveAttempts(*txn, queue);
  EraseCounters(*txn, queue.Key());
  EraseQueueRecord(*txn, queue);
  RememberDeletion(*txn, queue, EpochMs(ctx.clock->Now()));
  txn->Commit();
  // Long polls on the queue answer now.
  WakePollers(ctx, WaitKey(queue));
  return json::object();
}

json PurgeQueue(RequestContext& ctx, const json& input) {
  int64_t now_ms = EpochMs(ctx.clock->Now());
  auto txn = ctx.store->BeginWrite();
  Queue queue = ResolveQueue(ctx, *txn, input);
  if (queue.last_purge_ms != 0 && now_ms - queue.last_purge_ms < kPurgeIntervalMs) {
    throw AwsError("PurgeQueueInProgress", "Only one PurgeQueue operation on " + queue.name +
                                               " is allowed every 60 seconds.");
  }
  EraseAllMessages(*txn, queue.Key());
  EraseReceiveAttempts(*txn, queue);
  queue.last_purge_ms = now_ms;
  SaveQueue(*txn, queue);
  txn->Commit();
  return json::object();
}

json GetQueueAttributes(RequestContext& ctx, const json& input) {
  Queue queue = ResolveQueue(ctx, *ctx.store->BeginRead(), input);
  std::vector<std::string> names = RequestedQueueAttributes(input.value("AttributeNames", json()));
  MessageCounts counts;
  if (NeedsCounts(names)) {
    // Counting writes: it erases expired messages and moves the tally's time forward.
    auto txn = ctx.store->BeginWrite();
    queue = ResolveQueue(ctx, *txn, input);
    counts = CountMessages(*txn, queue, EpochMs(ctx.clock->Now()));
    txn->Commit();
  }
  json attributes = QueueAttributesOutput(queue, names, counts);
  if (attributes.empty()) return json::object();
  return {{"Attributes", attributes}};
}

json SetQueueAttributes(RequestContext& ctx, const json& input) {
  json given = input.value("Attributes", json::object());
  auto txn = ctx.store->BeginWrite();
  Queue queue = ResolveQueue(ctx, *txn, input);
  ValidateQueueAttributes(given, queue.fifo(), false);
  if (given.contains("RedrivePolicy")) {
    CheckRedrivePolicy(*txn, queue, given["RedrivePolicy"].get<std::string>());
  }
  for (const auto& [name, value] : given.items()) queue.attributes[name] = value;
  CheckFifoThroughputRules(queue.attributes);
  queue.last_modified = WholeSeconds(ctx);
  SaveQueue(*txn, queue);
  txn->Commit();
  return json::object();
}

}  // namespace terrarium::services::sqs
