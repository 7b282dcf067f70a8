// Bucket event notifications: which destinations of a NotificationConfiguration an object event
// goes to, the event JSON S3 sends them, and delivery through the in-process API (SQS
// SendMessage, Lambda Invoke with InvocationType Event), as AWS does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/storage/store.h"

namespace terrarium::services::s3 {

struct NotificationTarget {
  enum class Kind { kQueue, kFunction } kind;
  std::string arn;
  std::string configuration_id;
};

// The queue and function configurations whose events and key filter rules match `event_name`
// ("ObjectCreated:Put") for `key`. Topic (SNS) configurations are not delivered.
std::vector<NotificationTarget> MatchNotificationTargets(const nlohmann::json& configuration,
                                                         const std::string& event_name,
                                                         const std::string& key);

// What an object event says about the object.
struct ObjectEvent {
  std::string event_name;  // ObjectCreated:Put, ObjectRemoved:DeleteMarkerCreated, ...
  std::string bucket;
  std::string key;
  std::optional<uint64_t> size;  // created objects only
  std::string etag;              // unquoted; created objects only
  std::string version_id;        // empty when the bucket is unversioned
  std::string sequencer;         // grows with each event of the key
  std::string region;
  std::string owner_account;  // the bucket owner
  std::string request_id;
  double time = 0;  // epoch seconds
};
// One {"Records": [...]} S3 event for `target` (eventVersion 2.1).
nlohmann::json S3EventDocument(const ObjectEvent& event, const std::string& configuration_id);
// The s3:TestEvent sent to each queue when a configuration is put.
nlohmann::json S3TestEvent(const std::string& bucket, const std::string& request_id, double time);

// A sequencer for an event at `time`: hex, grows with time (nanosecond resolution).
std::string NextSequencer(Clock::TimePoint time);

// The bucket's notification configuration inside `txn`, if it has destinations.
std::optional<nlohmann::json> LoadNotificationTargets(storage::ReadTxn& txn,
                                                      const nlohmann::json& bucket);

// Sends `event` to every matching destination of `configuration`. Delivery failures (a
// destination deleted since) are dropped, as S3 drops them; never throws.
void DeliverObjectEvent(RequestContext& ctx, const nlohmann::json& configuration,
                        const ObjectEvent& event);

// The events an object write or delete causes, sent to `notification`'s matching
// destinations after the write committed. `record` is the stored object.
void NotifyObjectCreated(RequestContext& ctx, const nlohmann::json& notification,
                         const nlohmann::json& bucket, const nlohmann::json& record);
void NotifyObjectRemoved(RequestContext& ctx, const nlohmann::json& notification,
                         const nlohmann::json& bucket, const std::string& key, bool marker_created,
                         const std::string& version_id);

// PutBucketNotificationConfiguration's checks that every queue and function exists
// (InvalidArgument "Unable to validate the following destination configurations"), then the
// s3:TestEvent to each queue.
void ValidateDestinations(RequestContext& ctx, const nlohmann::json& configuration);
void SendTestEvents(RequestContext& ctx, const nlohmann::json& configuration,
                    const std::string& bucket);

}  // namespace terrarium::services::s3
