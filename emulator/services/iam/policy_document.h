// Policy documents: checked for well-formedness (never enforced), stored as given, and returned
// percent-encoded as IAM returns them (clients URL-decode AssumeRolePolicyDocument and
// PolicyDocument members).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace terrarium::services::iam {

enum class DocumentKind {
  kTrust,       // a role's AssumeRolePolicyDocument
  kPermissions  // inline and managed policies, permission boundaries
};

// Throws MalformedPolicyDocumentException with IAM's message when `text` is not JSON ("This
// policy contains invalid Json" for trust policies, "Syntax errors in policy." otherwise), not an
// object, or has no Statement; trust policies may not name a Resource.
void CheckPolicyDocument(std::string_view text, DocumentKind kind);

// A document's size as IAM counts it against its quotas: characters other than whitespace.
size_t PolicySize(std::string_view text);
// Throws LimitExceeded ("Cannot exceed quota for <quota>: <max>") when `text` is larger than
// `max` by PolicySize.
void CheckPolicySize(std::string_view text, std::string_view quota, size_t max);

// Every byte but A-Z a-z 0-9 - _ . ~ as %XX, so that both RFC 3986 decoders and form decoders
// (which read '+' as a space, e.g. Go's url.QueryUnescape) get the document back unchanged.
std::string EncodePolicyDocument(std::string_view text);

}  // namespace terrarium::services::iam
