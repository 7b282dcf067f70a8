// Parity: lifecycle dates (ExpirationDate, TransitionDate) pass through as written.
#include "iac/providers/s3_bucket_config.h"

#include <array>

namespace terrarium::iac::providers {
namespace {

// Copies `from[a]` to `to[b]` when present, for each (a, b) in `names`.
void Rename(const json& from, json& to,
            std::initializer_list<std::pair<std::string_view, std::string_view>> names) {
  for (const auto& [a, b] : names) {
    auto it = from.find(a);
    if (it != from.end() && !it->is_null()) to[std::string(b)] = *it;
  }
}

// The same with integer values (templates often give numbers as strings).
void RenameIntegers(const json& from, json& to,
                    std::initializer_list<std::pair<std::string_view, std::string_view>> names) {
  for (const auto& [a, b] : names) {
    auto it = from.find(a);
    if (it != from.end() && !it->is_null()) to[std::string(b)] = IntegerValue(*it, a);
  }
}

json Items(const json& value) { return value.is_array() ? value : json::array(); }

// --- CorsConfiguration ---------------------------------------------------------------------

json CorsToApi(const json& value) {
  json rules = json::array();
  for (const json& rule : Items(value.value("CorsRules", json()))) {
    json out = json::object();
    Rename(rule, out,
           {{"Id", "ID"},
            {"AllowedHeaders", "AllowedHeaders"},
            {"AllowedMethods", "AllowedMethods"},
            {"AllowedOrigins", "AllowedOrigins"},
            {"ExposedHeaders", "ExposeHeaders"}});
    RenameIntegers(rule, out, {{"MaxAge", "MaxAgeSeconds"}});
    rules.push_back(out);
  }
  return {{"CORSRules", rules}};
}

json CorsFromApi(const json& value) {
  json rules = json::array();
  for (const json& rule : Items(value.value("CORSRules", json()))) {
    json out = json::object();
    Rename(rule, out,
           {{"ID", "Id"},
            {"AllowedHeaders", "AllowedHeaders"},
            {"AllowedMethods", "AllowedMethods"},
            {"AllowedOrigins", "AllowedOrigins"},
            {"ExposeHeaders", "ExposedHeaders"},
            {"MaxAgeSeconds", "MaxAge"}});
    rules.push_back(out);
  }
  return {{"CorsRules", rules}};
}

// --- BucketEncryption ----------------------------------------------------------------------

json EncryptionToApi(const json& value) {
  json rules = json::array();
  for (const json& rule : Items(value.value("ServerSideEncryptionConfiguration", json()))) {
    json out = json::object();
    Rename(rule, out, {{"ServerSideEncryptionByDefault", "ApplyServerSideEncryptionByDefault"}});
    if (rule.contains("BucketKeyEnabled")) {
      out["BucketKeyEnabled"] = BooleanValue(rule["BucketKeyEnabled"], "BucketKeyEnabled");
    }
    rules.push_back(out);
  }
  return {{"Rules", rules}};
}

json EncryptionFromApi(const json& value) {
  json rules = json::array();
  for (const json& rule : Items(value.value("Rules", json()))) {
    json out = json::object();
    Rename(rule, out,
           {{"ApplyServerSideEncryptionByDefault", "ServerSideEncryptionByDefault"},
            {"BucketKeyEnabled", "BucketKeyEnabled"}});
    rules.push_back(out);
  }
  return {{"ServerSideEncryptionConfiguration", rules}};
}

// --- LifecycleConfiguration ----------------------------------------------------------------

json LifecycleFilter(const json& rule) {
  json conditions = json::object();
  if (rule.contains("Prefix")) conditions["Prefix"] = rule["Prefix"];
  if (rule.contains("TagFilters")) conditions["Tags"] = rule["TagFilters"];
  RenameIntegers(rule, conditions,
                 {{"ObjectSizeGreaterThan", "ObjectSizeGreaterThan"},
                  {"ObjectSizeLessThan", "ObjectSizeLessThan"}});
  std::size_t count =
      conditions.size() + (conditions.contains("Tags") ? conditions["Tags"].size() - 1 : 0);
  if (conditions.empty()) return {{"Prefix", ""}};
  if (count > 1) return {{"And", conditions}};
  if (conditions.contains("Tags")) return {{"Tag", conditions["Tags"][0]}};
  return conditions;
}

json TransitionToApi(const json& t, std::string_view days_member) {
  json out = json::object();
  Rename(t, out, {{"StorageClass", "StorageClass"}, {"TransitionDate", "Date"}});
  RenameIntegers(
      t, out,
      {{"TransitionInDays", days_member}, {"NewerNoncurrentVersions", "NewerNoncurrentVersions"}});
  return out;
}

json LifecycleRuleToApi(const json& rule) {
  json out = {{"Status", RequiredString(rule, "Status")}, {"Filter", LifecycleFilter(rule)}};
  Rename(rule, out, {{"Id", "ID"}});
  json expiration = json::object();
  RenameIntegers(rule, expiration, {{"ExpirationInDays", "Days"}});
  Rename(rule, expiration, {{"ExpirationDate", "Date"}});
  if (rule.contains("ExpiredObjectDeleteMarker")) {
    expiration["ExpiredObjectDeleteMarker"] =
        BooleanValue(rule["ExpiredObjectDeleteMarker"], "ExpiredObjectDeleteMarker");
  }
  if (!expiration.empty()) out["Expiration"] = expiration;
  json transitions = json::array();
  for (const json& t : Items(rule.value("Transitions", json()))) {
    transitions.push_back(TransitionToApi(t, "Days"));
  }
  if (rule.contains("Transition"))
    transitions.push_back(TransitionToApi(rule["Transition"], "Days"));
  if (!transitions.empty()) out["Transitions"] = transitions;
  json noncurrent = json::array();
  for (const json& t : Items(rule.value("NoncurrentVersionTransitions", json()))) {
    noncurrent.push_back(TransitionToApi(t, "NoncurrentDays"));
  }
  if (rule.contains("NoncurrentVersionTransition")) {
    noncurrent.push_back(TransitionToApi(rule["NoncurrentVersionTransition"], "NoncurrentDays"));
  }
  if (!noncurrent.empty()) out["NoncurrentVersionTransitions"] = noncurrent;
  json noncurrent_expiration = json::object();
  RenameIntegers(rule, noncurrent_expiration,
                 {{"NoncurrentVersionExpirationInDays", "NoncurrentDays"}});
  RenameIntegers(rule.value("NoncurrentVersionExpiration", json::object()), noncurrent_expiration,
                 {{"NoncurrentDays", "NoncurrentDays"},
                  {"NewerNoncurrentVersions", "NewerNoncurrentVersions"}});
  if (!noncurrent_expiration.empty()) out["NoncurrentVersionExpiration"] = noncurrent_expiration;
  if (rule.contains("AbortIncompleteMultipartUpload")) {
    json abort = json::object();
    RenameIntegers(rule["AbortIncompleteMultipartUpload"], abort,
                   {{"DaysAfterInitiation", "DaysAfterInitiation"}});
    out["AbortIncompleteMultipartUpload"] = abort;
  }
  return out;
}

json LifecycleToApi(const json& value) {
  json rules = json::array();
  for (const json& rule : Items(value.value("Rules", json())))
    rules.push_back(LifecycleRuleToApi(rule));
  return {{"Rules", rules}};
}

json LifecycleRuleFromApi(const json& rule) {
  json out = json::object();
  Rename(rule, out, {{"ID", "Id"}, {"Status", "Status"}});
  json filter = rule.value("Filter", json::object());
  json conditions = filter.value("And", filter);
  Rename(conditions, out,
         {{"Prefix", "Prefix"},
          {"Tags", "TagFilters"},
          {"ObjectSizeGreaterThan", "ObjectSizeGreaterThan"},
          {"ObjectSizeLessThan", "ObjectSizeLessThan"}});
  if (conditions.contains("Tag")) out["TagFilters"] = json::array({conditions["Tag"]});
  if (out.value("Prefix", json()) == "") out.erase("Prefix");
  json expiration = rule.value("Expiration", json::object());
  Rename(expiration, out,
         {{"Days", "ExpirationInDays"},
          {"Date", "ExpirationDate"},
          {"ExpiredObjectDeleteMarker", "ExpiredObjectDeleteMarker"}});
  auto transitions = [](const json& list, std::string_view days_member) {
    json items = json::array();
    for (const json& t : Items(list)) {
      json item = json::object();
      Rename(t, item,
             {{"StorageClass", "StorageClass"},
              {days_member, "TransitionInDays"},
              {"Date", "TransitionDate"},
              {"NewerNoncurrentVersions", "NewerNoncurrentVersions"}});
      items.push_back(item);
    }
    return items;
  };
  if (rule.contains("Transitions")) out["Transitions"] = transitions(rule["Transitions"], "Days");
  if (rule.contains("NoncurrentVersionTransitions")) {
    out["NoncurrentVersionTransitions"] =
        transitions(rule["NoncurrentVersionTransitions"], "NoncurrentDays");
  }
  Rename(rule, out,
         {{"NoncurrentVersionExpiration", "NoncurrentVersionExpiration"},
          {"AbortIncompleteMultipartUpload", "AbortIncompleteMultipartUpload"}});
  return out;
}

json LifecycleFromApi(const json& value) {
  json rules = json::array();
  for (const json& rule : Items(value.value("Rules", json())))
    rules.push_back(LifecycleRuleFromApi(rule));
  return {{"Rules", rules}};
}

// --- NotificationConfiguration -------------------------------------------------------------

struct NotificationKind {
  std::string_view template_list;  // "QueueConfigurations"
  std::string_view template_arn;   // "Queue"
  std::string_view api_list;       // "QueueConfigurations"
  std::string_view api_arn;        // "QueueArn"
};

constexpr std::array<NotificationKind, 3> kNotificationKinds{{
    {"QueueConfigurations", "Queue", "QueueConfigurations", "QueueArn"},
    {"LambdaConfigurations", "Function", "LambdaFunctionConfigurations", "LambdaFunctionArn"},
    {"TopicConfigurations", "Topic", "TopicConfigurations", "TopicArn"},
}};

json NotificationToApi(const json& value) {
  json out = json::object();
  for (const NotificationKind& kind : kNotificationKinds) {
    for (const json& config : Items(value.value(kind.template_list, json()))) {
      json item = {{std::string(kind.api_arn), RequiredString(config, kind.template_arn)},
                   {"Events", json::array({RequiredString(config, "Event")})}};
      json rules = config.value("Filter", json::object())
                       .value("S3Key", json::object())
                       .value("Rules", json());
      if (rules.is_array()) item["Filter"] = {{"Key", {{"FilterRules", rules}}}};
      out[std::string(kind.api_list)].push_back(item);
    }
  }
  json event_bridge = value.value("EventBridgeConfiguration", json::object());
  if (event_bridge.contains("EventBridgeEnabled") &&
      BooleanValue(event_bridge["EventBridgeEnabled"],
                   "EventBridgeConfiguration/EventBridgeEnabled")) {
    out["EventBridgeConfiguration"] = json::object();
  }
  return out;
}

json NotificationFromApi(const json& value) {
  json out = json::object();
  for (const NotificationKind& kind : kNotificationKinds) {
    for (const json& config : Items(value.value(kind.api_list, json()))) {
      for (const json& event : Items(config.value("Events", json()))) {
        json item = {{std::string(kind.template_arn), config.value(kind.api_arn, "")},
                     {"Event", event}};
        json rules = config.value("Filter", json::object())
                         .value("Key", json::object())
                         .value("FilterRules", json());
        if (rules.is_array()) item["Filter"] = {{"S3Key", {{"Rules", rules}}}};
        out[std::string(kind.template_list)].push_back(item);
      }
    }
  }
  if (value.contains("EventBridgeConfiguration")) {
    out["EventBridgeConfiguration"] = {{"EventBridgeEnabled", true}};
  }
  return out;
}

// --- WebsiteConfiguration ------------------------------------------------------------------

json WebsiteToApi(const json& value) {
  json out = json::object();
  if (value.contains("IndexDocument")) out["IndexDocument"] = {{"Suffix", value["IndexDocument"]}};
  if (value.contains("ErrorDocument")) out["ErrorDocument"] = {{"Key", value["ErrorDocument"]}};
  Rename(value, out, {{"RedirectAllRequestsTo", "RedirectAllRequestsTo"}});
  for (const json& rule : Items(value.value("RoutingRules", json()))) {
    json item = json::object();
    Rename(rule, item, {{"RedirectRule", "Redirect"}, {"RoutingRuleCondition", "Condition"}});
    out["RoutingRules"].push_back(item);
  }
  return out;
}

json WebsiteFromApi(const json& value) {
  json out = json::object();
  if (value.contains("IndexDocument"))
    out["IndexDocument"] = value["IndexDocument"].value("Suffix", "");
  if (value.contains("ErrorDocument"))
    out["ErrorDocument"] = value["ErrorDocument"].value("Key", "");
  Rename(value, out, {{"RedirectAllRequestsTo", "RedirectAllRequestsTo"}});
  for (const json& rule : Items(value.value("RoutingRules", json()))) {
    json item = json::object();
    Rename(rule, item, {{"Redirect", "RedirectRule"}, {"Condition", "RoutingRuleCondition"}});
    out["RoutingRules"].push_back(item);
  }
  return out;
}

// --- PublicAccessBlockConfiguration, OwnershipControls -------------------------------------

json PublicAccessBlockToApi(const json& value) {
  json out = json::object();
  for (const char* name :
       {"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"}) {
    if (value.contains(name)) out[name] = BooleanValue(value[name], name);
  }
  return out;
}

json SameShape(const json& value) { return value; }

const std::array<BucketConfig, 7> kConfigs{{
    {"BucketEncryption", "PutBucketEncryption", "ServerSideEncryptionConfiguration",
     "DeleteBucketEncryption", "GetBucketEncryption", "ServerSideEncryptionConfiguration",
     EncryptionToApi, EncryptionFromApi},
    {"LifecycleConfiguration", "PutBucketLifecycleConfiguration", "LifecycleConfiguration",
     "DeleteBucketLifecycle", "GetBucketLifecycleConfiguration", "", LifecycleToApi,
     LifecycleFromApi},
    {"CorsConfiguration", "PutBucketCors", "CORSConfiguration", "DeleteBucketCors", "GetBucketCors",
     "", CorsToApi, CorsFromApi},
    {"NotificationConfiguration", "PutBucketNotificationConfiguration", "NotificationConfiguration",
     "", "GetBucketNotificationConfiguration", "", NotificationToApi, NotificationFromApi, "{}"},
    {"PublicAccessBlockConfiguration", "PutPublicAccessBlock", "PublicAccessBlockConfiguration",
     "DeletePublicAccessBlock", "GetPublicAccessBlock", "PublicAccessBlockConfiguration",
     PublicAccessBlockToApi, SameShape},
    {"WebsiteConfiguration", "PutBucketWebsite", "WebsiteConfiguration", "DeleteBucketWebsite",
     "GetBucketWebsite", "", WebsiteToApi, WebsiteFromApi},
    {"OwnershipControls", "PutBucketOwnershipControls", "OwnershipControls",
     "DeleteBucketOwnershipControls", "GetBucketOwnershipControls", "OwnershipControls", SameShape,
     SameShape},
}};

}  // namespace

std::span<const BucketConfig> BucketConfigs() { return kConfigs; }

json BucketTagging(const json& tags) { return {{"TagSet", TagList(TagMap(tags))}}; }

}  // namespace terrarium::iac::providers
