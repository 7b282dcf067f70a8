// The forms a Lambda FunctionName takes (name, name:qualifier, account:function:name,
// full ARN with or without qualifier) and the ARNs Lambda hands out.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/scope.h"

namespace terrarium::services::lambda {

struct FunctionRef {
  std::string name;
  std::string qualifier;  // empty: none given ($LATEST for most operations)
  std::string account;    // empty unless the name was an ARN or partial ARN
  std::string region;     // empty unless the name was a full ARN
};

// Parses a FunctionName member; throws AwsError (InvalidParameterValueException or
// ValidationException, as Lambda answers) for malformed names.
FunctionRef ParseFunctionName(std::string_view text);

// Parses the name and checks it against the caller's scope and an explicit Qualifier member:
// a qualifier in both places must agree.
FunctionRef ResolveFunctionName(std::string_view text, const Scope& scope,
                                std::string_view qualifier_member = {});

// arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
std::string FunctionArn(const Scope& scope, std::string_view name, std::string_view qualifier = {});

// ResourceNotFoundException for a function (or one of its versions or aliases).
[[noreturn]] void ThrowFunctionNotFound(const Scope& scope, std::string_view name,
                                        std::string_view qualifier = {});
// PreconditionFailedException for a stale RevisionId.
[[noreturn]] void ThrowRevisionMismatch();

// Whether `qualifier` names a published version ("1", "2", ...), as opposed to $LATEST or an alias.
bool IsVersionNumber(std::string_view qualifier);

}  // namespace terrarium::services::lambda
