// The Range header of GetObject/HeadObject and the x-amz-copy-source-range of UploadPartCopy.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace terrarium::services::s3 {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
  uint64_t length() const { return last - first + 1; }
};

enum class RangeResult { kNone, kSatisfiable, kUnsatisfiable };

// "bytes=a-b", "bytes=a-", "bytes=-n" against an object of `size` bytes. A header S3 would
// ignore (unparseable, several ranges) is kNone: the whole object is served.
RangeResult ParseRange(std::string_view header, uint64_t size, ByteRange* range);

}  // namespace terrarium::services::s3
