// The edge router: which service a request is for, and for which account and region, decided
// from the request alone (see docs/architecture.md, "How a request flows").
#pragma once

#include <string>

#include "emulator/core/http_message.h"
#include "emulator/core/scope.h"

namespace terrarium {

struct Route {
  std::string service;  // our service name: "s3", "sqs", "dynamodb", "dynamodbstreams", ...
  Scope scope;
  std::string access_key;
  // Virtual-hosted S3: the bucket named by the Host header ("" otherwise).
  std::string host_bucket;
};

// Order: SigV4 credential scope (header or presigned query), X-Amz-Target, query/form Action
// (told apart by Version), host, Lambda paths, else S3.
Route RouteRequest(const HttpRequest& request);

}  // namespace terrarium
