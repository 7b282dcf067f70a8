// What the edge needs from an AWS signature: who signed and for which service and region.
// Signatures are not verified (an emulator accepts any credentials), only parsed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace terrarium {

struct CredentialScope {
  std::string access_key;
  std::string date;     // yyyymmdd; empty for SigV2
  std::string region;   // empty for SigV2
  std::string service;  // signing name; empty for SigV2
};

// From "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, ..." or the SigV2
// "AWS AKID:signature" form.
std::optional<CredentialScope> ParseAuthorizationHeader(std::string_view header);
// From an already decoded X-Amz-Credential value "AKID/20260101/us-east-1/s3/aws4_request".
std::optional<CredentialScope> ParseCredential(std::string_view credential);

}  // namespace terrarium
