#include "emulator/services/s3/aws_chunked.h"

#include <cctype>

#include "emulator/core/aws_error.h"

namespace terrarium::services::s3 {
namespace {

constexpr size_t kMaxLine = 8192;

AwsError MalformedChunk(const std::string& why) {
  return AwsError("InvalidRequest", "Malformed aws-chunked body: " + why, 400);
}

std::string TrimWhitespace(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

void AwsChunkedDecoder::HeaderLine(const std::string& line) {
  std::string_view size_text(line);
  size_text = size_text.substr(0, size_text.find(';'));
  std::string hex = TrimWhitespace(size_text);
  if (hex.empty() || hex.size() > 15) throw MalformedChunk("bad chunk size '" + hex + "'");
  uint64_t size = 0;
  for (char c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      throw MalformedChunk("bad chunk size '" + hex + "'");
    }
    size = size * 16 + static_cast<uint64_t>(std::isdigit(static_cast<unsigned char>(c))
                                                 ? c - '0'
                                                 : std::tolower(c) - 'a' + 10);
  }
  remaining_ = size;
  state_ = size == 0 ? State::kTrailer : State::kData;
}

void AwsChunkedDecoder::TrailerLine(const std::string& line) {
  if (line.empty()) {
    state_ = State::kDone;
    return;
  }
  auto colon = line.find(':');
  if (colon == std::string::npos) throw MalformedChunk("bad trailer line");
  std::string name = TrimWhitespace(std::string_view(line).substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  trailers_[name] = TrimWhitespace(std::string_view(line).substr(colon + 1));
}

void AwsChunkedDecoder::Feed(std::string_view data, const Sink& sink) {
  while (!data.empty()) {
    switch (state_) {
      case State::kData: {
        size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, data.size()));
        sink(data.substr(0, take));
        decoded_size_ += take;
        remaining_ -= take;
        data.remove_prefix(take);
        if (remaining_ == 0) state_ = State::kDataEnd;
        break;
      }
      case State::kDataEnd:
      case State::kHeader:
      case State::kTrailer: {
        auto newline = data.find('\n');
        line_.append(data.substr(0, newline));
        if (line_.size() > kMaxLine) throw MalformedChunk("line too long");
        if (newline == std::string_view::npos) return;
        data.remove_prefix(newline + 1);
        if (!line_.empty() && line_.back() == '\r') line_.pop_back();
        std::string line = std::move(line_);
        line_.clear();
        if (state_ == State::kDataEnd) {
          if (!line.empty()) throw MalformedChunk("chunk data longer than its size");
          state_ = State::kHeader;
        } else if (state_ == State::kHeader) {
          HeaderLine(line);
        } else {
          TrailerLine(line);
        }
        break;
      }
      case State::kDone:
        // Anything after the final empty line is ignored, as S3 does.
        return;
    }
  }
}

void AwsChunkedDecoder::Finish() const {
  // Some clients end the stream right after the last trailer without the closing empty line.
  if (state_ == State::kDone || (state_ == State::kTrailer && line_.empty())) return;
  throw AwsError("IncompleteBody", "The request body terminated unexpectedly", 400);
}

}  // namespace terrarium::services::s3
