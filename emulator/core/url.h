// Percent-encoding and query strings as AWS signs and sends them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace terrarium {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX escapes; with `plus_is_space` (form bodies, query strings) '+' becomes ' '.
std::string PercentDecode(std::string_view in, bool plus_is_space = false);
// RFC 3986 encoding of everything but unreserved characters; '/' kept when `keep_slash`.
std::string PercentEncode(std::string_view in, bool keep_slash = false);
// "a=1&b&c=%20" -> {{"a","1"},{"b",""},{"c"," "}}, in order, names and values decoded.
QueryParams ParseQuery(std::string_view raw);
// The first value of `name`, or nullptr.
const std::string* FindParam(const QueryParams& params, std::string_view name);

}  // namespace terrarium
