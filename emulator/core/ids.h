// Identifiers AWS hands out: request ids, resource ids, ARNs.
#pragma once

#include <string>
#include <string_view>

#include "emulator/core/scope.h"

namespace terrarium {

std::string NewUuid();  // random (v4) UUID, lower case
std::string RandomString(size_t length, std::string_view alphabet);
std::string RandomUpperAlnum(size_t length);  // e.g. access key suffixes
// arn:aws:<service>:<region>:<account>:<resource>; an empty region stays empty (IAM, S3).
std::string Arn(std::string_view service, std::string_view region, std::string_view account,
                std::string_view resource);
// Arn's text appended to `out` (no string of its own built), and whether `text` is exactly it.
void AppendArn(std::string& out, std::string_view service, std::string_view region,
               std::string_view account, std::string_view resource);
bool IsArn(std::string_view text, std::string_view service, std::string_view region,
           std::string_view account, std::string_view resource);
// The account an access key id stands for: a 12-digit key is the account itself.
std::string AccountForAccessKey(std::string_view access_key);

}  // namespace terrarium
