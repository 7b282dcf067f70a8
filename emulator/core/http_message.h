// The HTTP request and response as the codecs see them: no sockets, no Beast types.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/route.h"

namespace terrarium {

struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

// Header names compare case-insensitively; repeated headers are joined with ", " as RFC 9110
// allows.
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

// The value of header `name`, or nullptr: headers.find(name), answered by a walk that compares
// lengths first when there are few headers (a request has about ten, and codecs look up dozens
// of names most requests do not carry).
const std::string* FindHeader(const Headers& headers, std::string_view name);

// Sees a request body's bytes in order as they arrive, in the pass that spools them, so that a
// service can hash a large body without reading its spool file again (S3's ETag).
class BodyObserver {
 public:
  virtual ~BodyObserver() = default;
  virtual void Consume(std::string_view bytes) = 0;
};

// A request or response body. Small bodies live in memory; large ones are a byte range of a file,
// so an upload or download never has to be held in memory whole.
class Body {
 public:
  Body() = default;
  static Body FromString(std::string data);
  // A range of an existing file. When `owned`, the file is removed once no Body refers to it.
  static Body FromFile(std::filesystem::path path, uint64_t offset, uint64_t length, bool owned);

  bool in_file() const { return file_ != nullptr; }
  uint64_t size() const { return file_ ? length_ : data_.size(); }
  bool empty() const { return size() == 0; }
  // The in-memory bytes; empty for a file body.
  const std::string& data() const { return data_; }
  const std::filesystem::path& path() const;
  uint64_t offset() const { return offset_; }
  // The whole body as a string, reading the file if the body lives in one.
  std::string ReadAll() const;
  // The observer that saw every byte of this body as it arrived (null when there was none).
  const std::shared_ptr<BodyObserver>& observer() const { return observer_; }
  void set_observer(std::shared_ptr<BodyObserver> observer) { observer_ = std::move(observer); }

 private:
  struct File;
  std::string data_;
  std::shared_ptr<File> file_;
  uint64_t offset_ = 0;
  uint64_t length_ = 0;
  std::shared_ptr<BodyObserver> observer_;
};

struct HttpRequest {
  std::string method;
  std::string target;  // the raw request-target: path and query, percent-encoded
  std::string path;    // raw path, still percent-encoded
  std::string query;   // raw query string without '?'
  Headers headers;
  Body body;
  // Set by the server when it runs the request again after a Deferral: the deadline of that
  // poll (already passed when the poll timed out or the server is stopping).
  std::optional<std::chrono::system_clock::time_point> poll_deadline;
  // With poll_deadline: the key of the Deferral being resumed, so that the handler can tell
  // which of its waits this is (e.g. which Lambda invocation it started).
  std::string poll_key;
  // The route its head was given before the body was read (Dispatcher::BodyLimit), kept so that
  // the request is not routed twice; unset when nothing routed it yet.
  std::optional<Route> route;

  // Header value or empty.
  std::string_view header(std::string_view name) const;
  // Splits `target` into `path` and `query`.
  void SplitTarget();
};

// Long polling: not an answer yet, but "run the request again when `key` is notified (see
// WaitHub) or at `wake_at`, whichever comes first". `deadline` is the end of the whole poll,
// handed back in HttpRequest::poll_deadline on every re-run; `wake_at` (never later) is an
// earlier time the handler wants to look again (an SQS message becoming visible by time).
struct Deferral {
  std::string key;
  std::chrono::system_clock::time_point deadline;
  uint64_t epoch = 0;  // WaitHub::Epoch() before the request looked
  std::optional<std::chrono::system_clock::time_point> wake_at = std::nullopt;

  std::chrono::system_clock::time_point WakeAt() const {
    return wake_at && *wake_at < deadline ? *wake_at : deadline;
  }
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  Body body;
  std::optional<Deferral> deferral = std::nullopt;
};

}  // namespace terrarium
