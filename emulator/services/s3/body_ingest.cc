#include "emulator/services/s3/body_ingest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>

#include "emulator/core/encoding.h"
#include "emulator/services/s3/arriving_body.h"
#include "emulator/services/s3/aws_chunked.h"
#include "emulator/services/s3/blob_bytes.h"
#include "emulator/services/s3/checksums.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/blob_refs.h"

namespace terrarium::services::s3 {
namespace {

constexpr size_t kIngestChunk = 1 << 20;

// Reads [offset, offset + length) of a file in chunks.
template <typename Fn>
void ReadFileRange(const std::filesystem::path& path, uint64_t offset, uint64_t length, Fn&& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  in.seekg(static_cast<std::streamoff>(offset));
  std::string buffer(kIngestChunk, '\0');
  while (length > 0) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(length, buffer.size()));
    in.read(buffer.data(), static_cast<std::streamsize>(want));
    size_t got = static_cast<size_t>(in.gcount());
    if (got == 0) throw AwsError("IncompleteBody", "The request body terminated unexpectedly", 400);
    fn(std::string_view(buffer.data(), got));
    length -= got;
  }
}

struct FileDescriptor {
  explicit FileDescriptor(int fd) : fd(fd) {}
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int fd;
};

// What the server saw of a spooled body as it arrived (ArrivingBody), when it saw all of it as
// `aws_chunked` says it is encoded.
std::optional<ArrivedBody> TakeArrivedBody(const Body& payload, bool aws_chunked,
                                           const std::vector<std::string>& algorithms) {
  auto* observer = dynamic_cast<ArrivingBody*>(payload.observer().get());
  if (observer == nullptr || !payload.in_file() || payload.offset() != 0) return std::nullopt;
  auto arrived = observer->Take(payload.size(), algorithms);
  if (arrived && arrived->decoder.has_value() != aws_chunked) return std::nullopt;
  return arrived;
}

class OutFile {
 public:
  explicit OutFile(std::filesystem::path path)
      : path_(std::move(path)), out_(path_, std::ios::binary | std::ios::trunc) {
    if (!out_) throw std::runtime_error("cannot create " + path_.string());
  }
  ~OutFile() {
    if (!adopted_) {
      out_.close();
      std::error_code ignored;
      std::filesystem::remove(path_, ignored);
    }
  }
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;

  void Write(std::string_view bytes) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  // Fills the file (nothing written yet) with the (offset, length) ranges of `from`, in order,
  // copied by the kernel.
  void CopyRanges(const std::filesystem::path& from,
                  const std::vector<std::pair<uint64_t, uint64_t>>& ranges) {
    out_.flush();
    FileDescriptor in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
    FileDescriptor out(::open(path_.c_str(), O_WRONLY | O_CLOEXEC));
    if (in.fd < 0 || out.fd < 0) throw std::runtime_error("cannot open " + from.string());
    loff_t written = 0;
    for (auto [offset, length] : ranges) {
      auto at = static_cast<loff_t>(offset);
      while (length > 0) {
        ssize_t n = ::copy_file_range(in.fd, &at, out.fd, &written, length, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error("cannot copy " + from.string());
        length -= static_cast<uint64_t>(n);
      }
    }
  }
  // Moves the file into the store under a fresh name, which it returns.
  std::string Adopt(storage::BlobStore& blobs) {
    out_.close();
    if (!out_) throw std::runtime_error("cannot write " + path_.string());
    std::string name = storage::NewBlobName();
    blobs.AdoptFileAs(path_, name);
    adopted_ = true;
    return name;
  }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  bool adopted_ = false;
};

}  // namespace

IngestedBody IngestBody(storage::BlobStore& blobs, Body& payload, bool aws_chunked,
                        const std::vector<std::string>& algorithms) {
  std::unique_ptr<BodyDigests> digests;
  IngestedBody result;
  // A body in memory (the bytes, decoded) becomes an inline blob (named by its SHA-256, so that
  // equal small bodies share a row) or a file under a fresh name (no hash needed).
  auto from_memory = [&](std::string_view bytes) {
    if (bytes.size() <= kInlineBlobBytes) {
      result.blob = HexEncode(Sha256(bytes));
      result.inline_bytes = std::string(bytes);
    } else {
      result.blob = storage::NewBlobName();
      blobs.PutBytesAs(result.blob, bytes);
    }
  };
  if (!aws_chunked) {
    result.size = payload.size();
    if (!payload.in_file()) {
      digests = std::make_unique<BodyDigests>(algorithms);
      digests->Update(payload.data());
      from_memory(payload.data());
    } else if (payload.offset() == 0 &&
               std::filesystem::file_size(payload.path()) == payload.size()) {
      // The spool file becomes the blob: no copy. The server hashed it as it arrived
      // (ArrivingBody) unless the request came another way.
      if (auto arrived = TakeArrivedBody(payload, false, algorithms)) {
        digests = std::move(arrived->digests);
      } else {
        digests = std::make_unique<BodyDigests>(algorithms);
        ReadFileRange(payload.path(), payload.offset(), payload.size(),
                      [&](std::string_view bytes) { digests->Update(bytes); });
      }
      result.blob = storage::NewBlobName();
      blobs.AdoptFileAs(payload.path(), result.blob);
    } else {
      digests = std::make_unique<BodyDigests>(algorithms);
      OutFile out(blobs.NewTempPath());
      ReadFileRange(payload.path(), payload.offset(), payload.size(), [&](std::string_view bytes) {
        digests->Update(bytes);
        out.Write(bytes);
      });
      result.blob = out.Adopt(blobs);
    }
  } else {
    AwsChunkedDecoder decoder;
    auto arrived = TakeArrivedBody(payload, true, algorithms);
    if (arrived) {
      // Decoded and hashed as it arrived: only the payload's bytes are copied out.
      digests = std::move(arrived->digests);
      decoder = std::move(*arrived->decoder);
      OutFile out(blobs.NewTempPath());
      out.CopyRanges(payload.path(), arrived->segments);
      result.blob = out.Adopt(blobs);
    } else if (!payload.in_file()) {
      digests = std::make_unique<BodyDigests>(algorithms);
      std::string decoded;
      decoder.Feed(payload.data(), [&](std::string_view bytes) {
        digests->Update(bytes);
        decoded.append(bytes);
      });
      decoder.Finish();
      from_memory(decoded);
    } else {
      digests = std::make_unique<BodyDigests>(algorithms);
      OutFile out(blobs.NewTempPath());
      ReadFileRange(payload.path(), payload.offset(), payload.size(), [&](std::string_view bytes) {
        decoder.Feed(bytes, [&](std::string_view decoded) {
          digests->Update(decoded);
          out.Write(decoded);
        });
      });
      decoder.Finish();
      result.blob = out.Adopt(blobs);
    }
    result.size = decoder.decoded_size();
    for (const auto& [name, value] : decoder.trailers()) {
      if (auto algorithm = AlgorithmOfHeader(name)) result.trailing[*algorithm] = value;
    }
  }
  result.md5 = digests->md5->Finish();
  for (auto& [name, digest] : digests->checksums) {
    result.checksums[name] = Base64Encode(digest->Finish());
  }
  for (const auto& [algorithm, value] : result.trailing) {
    if (result.checksums.contains(algorithm)) continue;
    if (result.inline_bytes) {
      auto digest = MakeDigest(algorithm);
      if (!digest) continue;
      digest->Update(*result.inline_bytes);
      result.checksums[algorithm] = Base64Encode(digest->Finish());
    } else {
      result.checksums[algorithm] = FileChecksum(blobs.PathOf(result.blob), algorithm);
    }
  }
  return result;
}

void RefNewBody(storage::WriteTxn& txn, storage::BlobStore& blobs, const IngestedBody& body) {
  if (body.inline_bytes) {
    RefInlineBlob(txn, body.blob, *body.inline_bytes);
  } else {
    RefBlob(txn, blobs, body.blob);
  }
}

void DiscardNewBody(storage::Store& store, const IngestedBody& body) {
  if (body.inline_bytes) return;  // never stored
  auto txn = store.BeginWrite();
  storage::RemoveBlobIfUnreferenced(*txn, store.Blobs(), body.blob);
  txn->Commit();
}

std::string FileChecksum(const std::filesystem::path& file, const std::string& algorithm) {
  auto digest = MakeDigest(algorithm);
  if (!digest) return {};
  ReadFileRange(file, 0, std::filesystem::file_size(file),
                [&](std::string_view bytes) { digest->Update(bytes); });
  return Base64Encode(digest->Finish());
}

std::vector<std::string> RequestedChecksums(const nlohmann::json& input) {
  std::vector<std::string> algorithms;
  for (const std::string& algorithm : ChecksumAlgorithms()) {
    bool asked = input.value("ChecksumAlgorithm", "") == algorithm ||
                 input.contains(ChecksumMember(algorithm));
    if (asked) algorithms.push_back(algorithm);
  }
  return algorithms;
}

namespace {

std::optional<AwsError> BodyProblem(const IngestedBody& body, const nlohmann::json& input) {
  if (auto it = input.find("ContentMD5"); it != input.end() && it->is_string()) {
    auto md5 = Base64Decode(it->get<std::string>());
    if (!md5 || md5->size() != 16) {
      return AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.", 400)
          .With("Content-MD5", it->get<std::string>());
    }
    if (*md5 != body.md5) {
      return AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.",
                      400)
          .With("ExpectedDigest", it->get<std::string>())
          .With("CalculatedDigest", Base64Encode(body.md5));
    }
  }
  for (const std::string& algorithm : ChecksumAlgorithms()) {
    std::string expected = input.value(ChecksumMember(algorithm), "");
    if (auto it = body.trailing.find(algorithm); it != body.trailing.end()) expected = it->second;
    if (expected.empty()) continue;
    auto computed = body.checksums.find(algorithm);
    if (computed == body.checksums.end() || computed->second != expected) {
      return AwsError("BadDigest",
                      "The " + algorithm + " you specified did not match the calculated checksum.",
                      400);
    }
  }
  return std::nullopt;
}

}  // namespace

void VerifyBody(storage::Store& store, const IngestedBody& body, const nlohmann::json& input) {
  auto problem = BodyProblem(body, input);
  if (!problem) return;
  DiscardNewBody(store, body);
  throw *problem;
}

}  // namespace terrarium::services::s3
