#include "emulator/services/s3/arriving_body.h"

#include "emulator/core/ascii.h"

namespace terrarium::services::s3 {

BodyDigests::BodyDigests(const std::vector<std::string>& algorithms) : md5(MakeDigest("MD5")) {
  for (const std::string& algorithm : algorithms) {
    if (auto digest = MakeDigest(algorithm)) checksums[algorithm] = std::move(digest);
  }
}

void BodyDigests::Update(std::string_view bytes) {
  md5->Update(bytes);
  for (auto& [name, digest] : checksums) digest->Update(bytes);
}

ArrivingBody::ArrivingBody(const std::vector<std::string>& algorithms, bool aws_chunked) {
  seen_.digests = std::make_unique<BodyDigests>(algorithms);
  if (aws_chunked) seen_.decoder.emplace();
}

void ArrivingBody::Consume(std::string_view bytes) {
  if (!usable_) return;
  if (!seen_.decoder) {
    seen_.digests->Update(bytes);
    size_ += bytes.size();
    return;
  }
  try {
    seen_.decoder->Feed(bytes, [&](std::string_view payload) {
      seen_.digests->Update(payload);
      uint64_t at = size_ + static_cast<uint64_t>(payload.data() - bytes.data());
      auto& segments = seen_.segments;
      if (!segments.empty() && segments.back().first + segments.back().second == at) {
        segments.back().second += payload.size();
      } else {
        segments.emplace_back(at, payload.size());
      }
    });
  } catch (const std::exception&) {
    usable_ = false;  // IngestBody decodes the spool file again and answers the error
  }
  size_ += bytes.size();
  if (seen_.segments.size() > kMaxArrivedSegments) {
    usable_ = false;
    seen_.segments = {};  // frees them
  }
}

std::optional<ArrivedBody> ArrivingBody::Take(uint64_t size,
                                              const std::vector<std::string>& algorithms) {
  if (!usable_ || size != size_ || seen_.digests->checksums.size() != algorithms.size()) {
    return std::nullopt;
  }
  for (const std::string& algorithm : algorithms) {
    if (!seen_.digests->checksums.contains(algorithm)) return std::nullopt;
  }
  if (seen_.decoder) {
    try {
      seen_.decoder->Finish();
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  usable_ = false;
  return std::move(seen_);
}

std::shared_ptr<BodyObserver> ObserveUpload(const HttpRequest& head) {
  if (head.method != "PUT" || !head.header("x-amz-copy-source").empty()) return nullptr;
  // What RequestedChecksums finds in the input these headers become.
  std::vector<std::string> algorithms;
  std::string_view asked = head.header("x-amz-sdk-checksum-algorithm");
  for (const std::string& algorithm : ChecksumAlgorithms()) {
    if (asked == algorithm || !head.header("x-amz-checksum-" + AsciiLower(algorithm)).empty()) {
      algorithms.push_back(algorithm);
    }
  }
  // As IsAwsChunked reads the input's ContentEncoding.
  bool aws_chunked = head.header("Content-Encoding").find("aws-chunked") != std::string_view::npos;
  return std::make_shared<ArrivingBody>(algorithms, aws_chunked);
}

}  // namespace terrarium::services::s3
