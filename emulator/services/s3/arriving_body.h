// An upload's body hashed as it arrives: the server hands a large PutObject or UploadPart body to
// this observer chunk by chunk in the pass that spools it, so that IngestBody takes the MD5 (the
// ETag) and the checksums the headers ask for from here instead of reading the spool file again.
// An aws-chunked body is decoded on the way, and where its payload lies in the spool file noted.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/http_message.h"
#include "emulator/services/s3/aws_chunked.h"
#include "emulator/services/s3/checksums.h"

namespace terrarium::services::s3 {

// MD5 and the requested checksums of one body, updated together.
struct BodyDigests {
  explicit BodyDigests(const std::vector<std::string>& algorithms);
  void Update(std::string_view bytes);

  std::unique_ptr<Digest> md5;
  std::map<std::string, std::unique_ptr<Digest>> checksums;  // by algorithm ("CRC32")
};

// What ArrivingBody saw of a whole body.
struct ArrivedBody {
  std::unique_ptr<BodyDigests> digests;  // of the payload (decoded, for aws-chunked)
  // aws-chunked only: the decoder after the last byte (trailers, decoded size), and where the
  // payload lies in the body as received: (offset, length), in order.
  std::optional<AwsChunkedDecoder> decoder;
  std::vector<std::pair<uint64_t, uint64_t>> segments;
};

// The most payload ranges an aws-chunked body's ArrivingBody notes (2 MiB of them: 8 GiB of the
// SDKs' 64 KiB chunks); a body of more, smaller chunks is decoded again from the spool file, so
// that tiny chunks cannot make the server hold memory in proportion to the body.
inline constexpr size_t kMaxArrivedSegments = size_t{1} << 17;

class ArrivingBody final : public BodyObserver {
 public:
  ArrivingBody(const std::vector<std::string>& algorithms, bool aws_chunked);

  void Consume(std::string_view bytes) override;
  // What was seen, when it covers a body of `size` bytes as received, hashed with exactly
  // `algorithms`, and (aws-chunked) decoded without error; nullopt otherwise, and then the caller
  // reads the body itself (and reports what is wrong with it). Hands it over: call once.
  std::optional<ArrivedBody> Take(uint64_t size, const std::vector<std::string>& algorithms);

 private:
  ArrivedBody seen_;
  uint64_t size_ = 0;
  bool usable_ = true;  // false once taken or after a decoding error
};

// The observer for a request's large body: an ArrivingBody for a PUT that uploads bytes
// (PutObject, UploadPart: no x-amz-copy-source), else null.
std::shared_ptr<BodyObserver> ObserveUpload(const HttpRequest& head);

}  // namespace terrarium::services::s3
