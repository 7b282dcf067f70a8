// The four protocol codecs; each lives in its own file.
#pragma once

#include <memory>

#include "emulator/protocols/codec.h"

namespace terrarium::protocols {

std::unique_ptr<Codec> MakeJsonCodec(const models::ServiceModel& model);      // json 1.0 / 1.1
std::unique_ptr<Codec> MakeQueryCodec(const models::ServiceModel& model);     // query
std::unique_ptr<Codec> MakeRestXmlCodec(const models::ServiceModel& model);   // rest-xml
std::unique_ptr<Codec> MakeRestJsonCodec(const models::ServiceModel& model);  // rest-json

}  // namespace terrarium::protocols
