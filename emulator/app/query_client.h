// A client of a running emulator's query-protocol APIs (CloudFormation) over HTTP, for the
// commands that drive an emulator from outside (`terrarium apply-template`), over the CLI's one
// HTTP client (emulator_client.h); answers are XML documents, errors become QueryError.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

#include <pugixml.hpp>

#include "emulator/app/emulator_client.h"

namespace terrarium::app {

struct QueryError : std::runtime_error {
  QueryError(std::string code, const std::string& message)
      : std::runtime_error(message), code(std::move(code)) {}
  std::string code;  // the AWS error code; "ConnectionError" when nothing answered
};

class QueryClient {
 public:
  // `endpoint` is http://host[:port]; `region` and `access_key` go into the credential scope of
  // the Authorization header, which is how the emulator picks the account and region.
  QueryClient(const std::string& endpoint, std::string service, std::string version,
              std::string region, std::string access_key);

  // Calls `action` with flattened query parameters ("Parameters.member.1.ParameterKey" -> v);
  // returns the <ActionResult> element's document. Throws QueryError.
  pugi::xml_document Call(const std::string& action,
                          const std::map<std::string, std::string>& params) const;

 private:
  Endpoint endpoint_;
  std::string service_;
  std::string version_;
  std::string region_;
  std::string access_key_;
};

// The text of the first element at `path` ("Stacks/member/StackStatus") below `node`.
std::string TextAt(const pugi::xml_node& node, const char* path);

}  // namespace terrarium::app
