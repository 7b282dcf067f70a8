// The aws-chunked content encoding SDKs use for uploads: "<hex size>[;chunk-signature=..]\r\n"
// <bytes> "\r\n" ... a zero-size chunk, then optional trailer lines ("x-amz-checksum-crc32:..")
// and an empty line. Covers STREAMING-UNSIGNED-PAYLOAD-TRAILER and the signed
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] forms (signatures are not checked).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace terrarium::services::s3 {

// Decodes incrementally: feed the encoded bytes in pieces of any size.
class AwsChunkedDecoder {
 public:
  using Sink = std::function<void(std::string_view decoded)>;

  // Decoded payload bytes go to `sink`; throws AwsError (IncompleteBody, InvalidRequest) on
  // malformed input.
  void Feed(std::string_view data, const Sink& sink);
  // Checks that the encoding ended properly (the final chunk was seen).
  void Finish() const;
  // Trailer headers by lower-case name (x-amz-checksum-crc32, x-amz-trailer-signature).
  const std::map<std::string, std::string>& trailers() const { return trailers_; }
  uint64_t decoded_size() const { return decoded_size_; }

 private:
  enum class State { kHeader, kData, kDataEnd, kTrailer, kDone };
  void HeaderLine(const std::string& line);
  void TrailerLine(const std::string& line);

  State state_ = State::kHeader;
  std::string line_;
  uint64_t remaining_ = 0;
  uint64_t decoded_size_ = 0;
  std::map<std::string, std::string> trailers_;
};

}  // namespace terrarium::services::s3
