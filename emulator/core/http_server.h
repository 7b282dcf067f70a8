// The HTTP/1.1 server (Boost.Beast on a few io threads, one coroutine per connection). It knows
// nothing of AWS: the application hands it a callback that turns a request into a response.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "emulator/core/http_message.h"
#include "emulator/core/log.h"
#include "emulator/core/wait_hub.h"

namespace terrarium {

// Turns a request into a response, or into a Deferral (long polling), after which the server
// calls it again with `poll_deadline` set.
using HttpHandler = std::function<HttpResponse(HttpRequest&)>;

// Decides from a request's head (method, target, headers; no body yet) how large its body may
// be, and answers a larger one: at once when the declared Content-Length is over the limit
// (before 100 Continue), or as soon as a chunked body passes it. The rest of the body is never
// read and the connection closes after the answer.
struct BodyPolicy {
  // May keep what it learnt in the request (the dispatcher keeps the route it found).
  std::function<uint64_t(HttpRequest& head)> limit;
  // `size` is the declared length, when there is one.
  std::function<HttpResponse(const HttpRequest& head, std::optional<uint64_t> size)> too_large;
  // Optional: an observer for a body read in chunks (one over memory_body_limit or of unknown
  // length), given its bytes as they arrive (it must not throw) and then attached to
  // request.body; null for none.
  std::function<std::shared_ptr<BodyObserver>(const HttpRequest& head)> observe;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;  // 0 picks a free port
  int threads = 2;
  // Bodies up to this size are kept in memory; larger ones are spooled to a file as they arrive.
  // 1 MiB: `aws s3 cp` uploads 10 parts of 8 MiB at once, which held 80 MiB of the server's
  // ~100 MiB peak with an 8 MiB limit; S3 stores a part as a file either way (a spooled one is
  // adopted by a rename), and JSON bodies are far smaller.
  uint64_t memory_body_limit = 1 << 20;
  // The largest body accepted at all (S3's single PUT limit is 5 GiB) when there is no
  // body_policy (and on listeners added with AddListener); a larger one gets a bare 413.
  uint64_t max_body_bytes = (5ULL << 30) + (1 << 20);
  // The main listener's per-request body limits (optional).
  BodyPolicy body_policy;
  // Open connections, over every listener; a connection accepted beyond it is closed at once
  // (logged, at most once a second). 0: the file descriptor limit decides (see
  // DefaultMaxConnections).
  size_t max_connections = 0;
  // Requests whose header block exceeds this get 431.
  uint32_t max_header_bytes = 64 << 10;
  // A connection that sends nothing for this long is closed.
  std::chrono::seconds idle_timeout{120};
  // Where spooled request bodies go (a fresh path per call).
  std::function<std::filesystem::path()> spool_path;
};

// The connection bound when none is given: the soft RLIMIT_NOFILE less room for the store's,
// spool and Lambda files, at most 16,384.
size_t DefaultMaxConnections();

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler, WaitHub& waits, Logger& logger);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; throws std::runtime_error (e.g. address in use).
  void Listen();
  // The bound port (after Listen).
  uint16_t port() const;
  // Listens on one more address (port 0 picks a free one) with its own handler, served by the
  // same io threads; returns the bound port. Callable before or during Run, from any thread.
  // Throws std::runtime_error when binding fails or the server is stopping. Stop closes these too.
  uint16_t AddListener(const std::string& host, uint16_t port, HttpHandler handler);
  // Stops accepting on a port AddListener returned; its open connections end with their clients.
  void CloseListener(uint16_t port);
  // Serves on the io threads until Stop() (or SIGINT/SIGTERM when `handle_signals`); returns when
  // in-flight requests have finished.
  void Run(bool handle_signals);
  // Stops accepting; idle connections close at once, busy ones after their response.
  void Stop();
  // Logs a warning naming each request whose handler has run longer than `threshold` (once per
  // request). Handlers run on the io threads, so one that blocks stalls other connections.
  // Callable from any thread.
  void ReportStuckHandlers(std::chrono::milliseconds threshold);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace terrarium
