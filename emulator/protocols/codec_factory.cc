#include <stdexcept>
#include <string>

#include "emulator/protocols/codecs.h"

namespace terrarium::protocols {

std::unique_ptr<Codec> MakeCodec(std::string_view protocol, const models::ServiceModel& model) {
  if (protocol == "json") return MakeJsonCodec(model);
  if (protocol == "query") return MakeQueryCodec(model);
  if (protocol == "rest-xml") return MakeRestXmlCodec(model);
  if (protocol == "rest-json") return MakeRestJsonCodec(model);
  throw std::invalid_argument("no codec for protocol " + std::string(protocol));
}

std::string_view ProtocolOf(const HttpRequest& request, const models::ServiceModel& model) {
  // SQS's model says json, but older SDKs and scripts post query-protocol forms to it.
  if (model.aws_query_compatible && request.header("X-Amz-Target").empty()) return "query";
  return model.protocol;
}

}  // namespace terrarium::protocols
