// What the IaC endpoints (/_terrarium/drift, /_terrarium/import) share: a POST whose JSON body
// names its input (the state's text, an S3 backend object, a template or a stack) and optionally
// the account and region, answered in JSON.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/http_message.h"
#include "emulator/core/operation_invoker.h"
#include "emulator/core/scope.h"
#include "importers/terraform/type_mappings.h"

namespace terrarium::admin {

HttpResponse JsonAnswer(int status, const nlohmann::json& body);

// The request's JSON body when it is a POST of an object with one of `sources` (each a string,
// except "backend": {"bucket", "key"}); otherwise nullopt and `error` holds the 405 or 400 answer.
std::optional<nlohmann::json> ReadIacRequest(const HttpRequest& request, HttpResponse& error,
                                             std::initializer_list<const char*> sources);

// "account" and "region" of the request, each defaulting to Terrarium's; throws
// std::invalid_argument for an account that is not 12 digits or an empty region.
Scope RequestedScope(const nlohmann::json& input);

// The Terraform state's text: "tfstate", or the S3 object "backend" names read from the emulator
// (as Terraform's s3 backend keeps it). Throws AwsError (NoSuchBucket, NoSuchKey) from S3.
std::string StateText(const nlohmann::json& input, OperationInvoker& invoker, const Scope& scope);

// "files": {"<path as the state names it>": "<base64 bytes>"}; throws std::invalid_argument
// for a value that is not base64.
importers::tf::SideFiles SideFilesOf(const nlohmann::json& input);

}  // namespace terrarium::admin
