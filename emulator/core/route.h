// Which service a request is for, and for which account and region (RouteRequest decides it).
#pragma once

#include <string>

#include "emulator/core/scope.h"

namespace terrarium {

struct Route {
  std::string service;  // our service name: "s3", "sqs", "dynamodb", "dynamodbstreams", ...
  Scope scope;
  std::string access_key;
  // Virtual-hosted S3: the bucket named by the Host header ("" otherwise).
  std::string host_bucket;
  // The decision looked for Action and Version in a form body: routing the head alone (before
  // the body is read) may decide differently from routing the whole request.
  bool read_form_body = false;
};

}  // namespace terrarium
