// The commands' side of the admin endpoints under /_terrarium/ (drift, import): read the
// input file, post JSON, get JSON back.
#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace terrarium::app {

// The whole file; throws std::runtime_error "cannot read PATH".
std::string ReadText(const std::string& path);

// `given`, else AWS_ENDPOINT_URL, else http://localhost:4566.
std::string EndpointOr(const std::string& given);

// POSTs `body` to `path` of the emulator at `endpoint` (http://host[:port]); returns (status,
// answer). Throws std::runtime_error when nothing answers or the answer is not JSON.
std::pair<int, nlohmann::json> PostJson(const std::string& endpoint, const std::string& path,
                                        const nlohmann::json& body);

}  // namespace terrarium::app
