// Placeholder until the query codec lands: every request answers NotImplemented.
#include "emulator/protocols/codecs.h"

namespace terrarium::protocols {
namespace {

class QueryCodec final : public Codec {
 public:
  explicit QueryCodec(const models::ServiceModel& model) : model_(model) {}
  DecodedRequest Decode(HttpRequest&, RequestContext& ctx) const override {
    throw NotImplementedError(model_.name, "(query protocol)");
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

std::unique_ptr<Codec> MakeQueryCodec(const models::ServiceModel& model) {
  return std::make_unique<QueryCodec>(model);
}

}  // namespace terrarium::protocols
