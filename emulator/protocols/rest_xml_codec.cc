// Placeholder until the rest_xml codec lands: every request answers NotImplemented.
#include "emulator/protocols/codecs.h"

namespace terrarium::protocols {
namespace {

class RestXmlCodec final : public Codec {
 public:
  explicit RestXmlCodec(const models::ServiceModel& model) : model_(model) {}
  DecodedRequest Decode(HttpRequest&, RequestContext& ctx) const override {
    throw NotImplementedError(model_.name, "(rest_xml protocol)");
  }
  HttpResponse EncodeOutput(const models::Operation&, const nlohmann::json& output,
                            RequestContext&) const override {
    return HttpResponse{200, {}, Body::FromString(output.dump())};
  }
  HttpResponse EncodeError(const AwsError& error, const models::Operation*, const RequestContext&,
                           bool) const override {
    return HttpResponse{
        error.status ? error.status : 400, {}, Body::FromString(error.code + ": " + error.message)};
  }

 private:
  const models::ServiceModel& model_;
};

}  // namespace

std::unique_ptr<Codec> MakeRestXmlCodec(const models::ServiceModel& model) {
  return std::make_unique<RestXmlCodec>(model);
}

}  // namespace terrarium::protocols
