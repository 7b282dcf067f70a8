#include "emulator/core/http_server.h"

#include <array>
#include <atomic>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include "emulator/core/file_range.h"
#include "emulator/core/request_parser.h"

namespace terrarium {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::redirect_error;
using asio::use_awaitable;

constexpr size_t kChunkBytes = 64 << 10;

// Parses a body of known length from `buffer` when all of it is there, so that the request
// needs no further read: an asynchronous read that finds its bytes already buffered still
// completes through the scheduler and resumes the coroutine (about 3,000 instructions, 3-4 % of
// a small JSON request). False when bytes are missing (the read then goes on from where this
// stopped); true with `ec` set when the parser refused the body.
bool BodyFromBuffer(RequestParser& parser, beast::flat_buffer& buffer, beast::error_code& ec) {
  auto length = parser.content_length_remaining();
  if (!length || *length > buffer.size()) return false;
  parser.eager(true);
  while (!parser.is_done()) {
    size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec) return true;
    if (used == 0) return false;
  }
  return true;
}

using IoDeadline = std::chrono::steady_clock::time_point;
// A connection's I/O deadline while no I/O is in progress (the handler runs, a long poll waits).
constexpr IoDeadline kNoIoPending = IoDeadline::max();

// One listening socket and the handler for the requests it accepts.
struct Listener {
  Listener(asio::io_context& io, HttpHandler handler, const BodyPolicy* body_policy = nullptr)
      : acceptor(asio::make_strand(io)), handler(std::move(handler)), body_policy(body_policy) {}
  tcp::acceptor acceptor;
  HttpHandler handler;
  // Null: every request may carry up to HttpServerOptions::max_body_bytes.
  const BodyPolicy* body_policy;
};

// What one io thread's handler is running. A handler that blocks stalls every connection its
// thread carries, silently; the watchdog reads these to name the request that does it.
struct HandlerSlot {
  std::mutex mutex;
  std::string request;  // "METHOD target [X-Amz-Target]" while a handler runs, else empty
  std::chrono::steady_clock::time_point since;
  bool reported = false;
};

struct Connection : std::enable_shared_from_this<Connection> {
  Connection(tcp::socket socket, std::shared_ptr<Listener> listener, HandlerSlot& slot)
      : stream(std::move(socket)),
        idle_timer(stream.get_executor()),
        listener(std::move(listener)),
        slot(slot) {}
  // A plain socket, not Beast's tcp_stream: its timeouts arm and cancel a timer around every
  // read_some and write_some (timer-queue updates and a timerfd_settime each), 4-5 % of a small
  // request's CPU, and even unset they wrap every read and write in an operation of their own
  // (1,500-2,000 instructions a request). The connection's I/O deadline is a time stamp
  // instead, which one timer per connection (HttpServer::Impl::WatchIdle) checks when it fires.
  tcp::socket stream;
  IoDeadline io_deadline = kNoIoPending;
  asio::steady_timer idle_timer;
  IoDeadline idle_timer_expiry = kNoIoPending;  // when idle_timer fires next
  std::shared_ptr<Listener> listener;
  HandlerSlot& slot;  // its io thread's
  // Touched only on the connection's thread.
  bool busy = false;
  // The timer of a long poll in progress, so that stopping can cut it short.
  std::shared_ptr<asio::steady_timer> wait_timer;
};

// Collects a request body: in memory up to a limit, then in a spool file.
class BodySink {
 public:
  BodySink(uint64_t memory_limit, const std::function<std::filesystem::path()>& spool_path)
      : memory_limit_(memory_limit), spool_path_(spool_path) {}

  void Append(const char* data, size_t size) {
    total_ += size;
    if (!file_.is_open() && memory_.size() + size > memory_limit_ && spool_path_) {
      path_ = spool_path_();
      file_.open(path_, std::ios::binary | std::ios::trunc);
      if (!file_.is_open()) throw std::runtime_error("cannot create spool file " + path_.string());
      file_.write(memory_.data(), static_cast<std::streamsize>(memory_.size()));
      memory_.clear();
      memory_.shrink_to_fit();
    }
    if (file_.is_open()) {
      file_.write(data, static_cast<std::streamsize>(size));
      if (!file_) throw std::runtime_error("cannot write spool file " + path_.string());
    } else {
      memory_.append(data, size);
    }
  }

  Body Finish() {
    if (!file_.is_open()) return Body::FromString(std::move(memory_));
    file_.close();
    return Body::FromFile(path_, 0, total_, /*owned=*/true);
  }

  // Removes a half-written spool file when the request is abandoned.
  ~BodySink() {
    if (file_.is_open()) {
      file_.close();
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }

 private:
  uint64_t memory_limit_;
  const std::function<std::filesystem::path()>& spool_path_;
  std::string memory_;
  std::ofstream file_;
  std::filesystem::path path_;
  uint64_t total_ = 0;
};

bool IsQuietClose(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
         ec == beast::error::timeout || ec == asio::error::connection_reset ||
         ec == asio::error::eof || ec == asio::error::broken_pipe;
}

bool BodyForbidden(int status) { return status < 200 || status == 204 || status == 304; }

// The status line and header block of an in-memory response. The length is the body's, or for
// HEAD the one the handler gave (the length a GET would have); 1xx/204/304 carry none.
std::string ResponseHead(const HttpResponse& response, unsigned version, bool keep_alive,
                         bool head) {
  std::string out;
  out.reserve(256);
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(std::to_string(response.status)).push_back(' ');
  out.append(http::obsolete_reason(static_cast<http::status>(response.status))).append("\r\n");
  bool has_length = false;
  for (const auto& [name, value] : response.headers) {
    if (beast::iequals(name, "Content-Length")) {
      if (!head) continue;
      has_length = true;
    }
    if (beast::iequals(name, "Connection") || beast::iequals(name, "Transfer-Encoding")) continue;
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (!BodyForbidden(response.status) && !has_length) {
    out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n");
  }
  if (!keep_alive && version != 10) out.append("Connection: close\r\n");
  if (keep_alive && version == 10) out.append("Connection: keep-alive\r\n");
  out.append("\r\n");
  return out;
}

template <typename Body_>
void CopyHeaders(const HttpResponse& from, http::response<Body_>& to) {
  for (const auto& [name, value] : from.headers) to.insert(name, value);
}

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions options, HttpHandler handler, WaitHub& waits, Logger& logger)
      : options(std::move(options)),
        main(std::make_shared<Listener>(
            io, std::move(handler),
            this->options.body_policy.limit ? &this->options.body_policy : nullptr)),
        waits(waits),
        logger(logger) {
    if (this->options.max_connections == 0) this->options.max_connections = DefaultMaxConnections();
  }

  HttpServerOptions options;
  // The main context runs the listeners and stopping; connections are spread over it and one
  // context per further thread, and stay on theirs, so a request never hops between threads.
  asio::io_context io;
  std::vector<std::unique_ptr<asio::io_context>> workers = MakeWorkers(options.threads);
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> worker_guards =
      GuardWorkers(workers);
  std::atomic<size_t> next_context{0};
  // One per context: the main one first, then the workers'.
  std::vector<std::unique_ptr<HandlerSlot>> slots = MakeSlots(workers.size() + 1);
  std::shared_ptr<Listener> main;
  WaitHub& waits;
  Logger& logger;
  // Listeners added with AddListener, by port.
  std::mutex listeners_mutex;
  std::map<uint16_t, std::shared_ptr<Listener>> extra_listeners;
  // Stopping is coordinated on one strand: the signal handler, Stop() and connections that end.
  asio::strand<asio::io_context::executor_type> control{io.get_executor()};
  asio::signal_set signals{control};
  asio::steady_timer stop_deadline{control};
  std::atomic<bool> stopping{false};
  std::mutex connections_mutex;
  std::unordered_set<std::shared_ptr<Connection>> connections;
  // Connections refused at the bound, and when that was last logged (steady clock ticks).
  std::atomic<uint64_t> refused_connections{0};
  std::atomic<int64_t> refusal_logged_at{0};

  static std::vector<std::unique_ptr<asio::io_context>> MakeWorkers(int threads) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (int i = 1; i < threads; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    return contexts;
  }

  static std::vector<asio::executor_work_guard<asio::io_context::executor_type>> GuardWorkers(
      const std::vector<std::unique_ptr<asio::io_context>>& contexts) {
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    for (const auto& context : contexts) guards.push_back(asio::make_work_guard(*context));
    return guards;
  }

  static std::vector<std::unique_ptr<HandlerSlot>> MakeSlots(size_t count) {
    std::vector<std::unique_ptr<HandlerSlot>> made;
    for (size_t i = 0; i < count; ++i) made.push_back(std::make_unique<HandlerSlot>());
    return made;
  }

  // The next context in turn and its handler slot.
  std::pair<asio::io_context&, HandlerSlot&> NextContext() {
    size_t n = next_context.fetch_add(1, std::memory_order_relaxed) % (workers.size() + 1);
    return {n == 0 ? io : *workers[n - 1], *slots[n]};
  }

  awaitable<void> Accept(std::shared_ptr<Listener> listener) {
    for (;;) {
      // Every context, the main one included, is run by exactly one thread (Run), so a
      // connection's handlers never run concurrently and need no strand; a strand's queue and
      // lock cost a few hundred nanoseconds on every completion.
      auto [context, slot] = NextContext();
      tcp::socket socket(context.get_executor());
      beast::error_code ec;
      co_await listener->acceptor.async_accept(socket, redirect_error(use_awaitable, ec));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        logger.Log(LogLevel::kWarn, "accept failed: " + ec.message());
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto connection = std::make_shared<Connection>(std::move(socket), listener, slot);
      {
        std::lock_guard lock(connections_mutex);
        if (connections.size() >= options.max_connections) {
          RefuseConnection(connection->stream);
          continue;
        }
        connections.insert(connection);
      }
      asio::co_spawn(connection->stream.get_executor(), Serve(connection), asio::detached);
    }
  }

  // Closes a connection accepted beyond max_connections: a reset, no answer (the client may
  // retry), and a log line at most once a second saying how many were refused.
  void RefuseConnection(tcp::socket& socket) {
    beast::error_code ec;
    socket.set_option(asio::socket_base::linger(true, 0), ec);
    socket.close(ec);
    uint64_t refused = refused_connections.fetch_add(1, std::memory_order_relaxed) + 1;
    int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
    int64_t last = refusal_logged_at.load(std::memory_order_relaxed);
    if (now - last < std::chrono::steady_clock::duration(std::chrono::seconds(1)).count() &&
        last != 0) {
      return;
    }
    if (!refusal_logged_at.compare_exchange_strong(last, now)) return;
    logger.Log(LogLevel::kWarn, "connection refused: " + std::to_string(options.max_connections) +
                                    " connections open (--max-connections); " +
                                    std::to_string(refused) + " refused so far");
  }

  awaitable<void> WriteStatus(Connection& connection, http::status status, unsigned version) {
    http::response<http::string_body> res{status, version ? version : 11};
    res.set(http::field::content_type, "text/plain");
    res.set(http::field::connection, "close");
    res.body() = std::string(http::obsolete_reason(status)) + "\n";
    res.prepare_payload();
    beast::error_code ec;
    ExpireIn(connection, std::chrono::seconds(5));
    co_await http::async_write(connection.stream, res, redirect_error(use_awaitable, ec));
  }

  // A body of unknown or large size, read in chunks into memory or, beyond the memory limit, a
  // spool file, into request.body. False when the connection is to be closed.
  awaitable<bool> ReadLargeBody(Connection& connection, beast::flat_buffer& buffer,
                                RequestParser& parser, HttpRequest& request, unsigned version) {
    BodySink sink(options.memory_body_limit, options.spool_path);
    const BodyPolicy* policy = connection.listener->body_policy;
    std::shared_ptr<BodyObserver> observer =
        policy != nullptr && policy->observe ? policy->observe(request) : nullptr;
    parser.SendBodyTo([&sink, &observer](std::string_view piece) {
      if (observer) observer->Consume(piece);
      sink.Append(piece.data(), piece.size());
    });
    beast::error_code ec;
    while (!parser.is_done()) {
      // A fresh deadline for every read: the whole of a large body may take longer.
      ExpireIn(connection, options.idle_timeout);
      co_await http::async_read_some(connection.stream, buffer, parser,
                                     redirect_error(use_awaitable, ec));
      if (ec) {
        parser.RethrowConsumerFailure();  // the spool file failed: as if Append threw here
        co_await AnswerReadError(connection, ec, &request, version);
        co_return false;
      }
    }
    parser.SendBodyTo(nullptr);
    request.body = sink.Finish();
    request.body.set_observer(std::move(observer));
    co_return true;
  }

  // The answer to a request that could not be read, before the connection closes: 431 and 413
  // (or the body policy's answer) for limits, 400 for malformed HTTP, nothing when the client
  // went away. `request` is null when the head itself could not be read.
  awaitable<void> AnswerReadError(Connection& connection, const beast::error_code& ec,
                                  const HttpRequest* request, unsigned version) {
    if (ec == http::error::header_limit) {
      co_await WriteStatus(connection, http::status::request_header_fields_too_large, version);
    } else if (ec == http::error::body_limit && request != nullptr &&
               connection.listener->body_policy != nullptr) {
      co_await RefuseBody(connection, *request, std::nullopt, version);
    } else if (ec == http::error::body_limit) {
      co_await WriteStatus(connection, http::status::payload_too_large, version);
    } else if (!IsQuietClose(ec) && ec != http::error::partial_message) {
      co_await WriteStatus(connection, http::status::bad_request, version);
    }
  }

  // Answers a body over the listener's BodyPolicy limit with the policy's answer; the connection
  // closes after it (the rest of the body is never read).
  awaitable<void> RefuseBody(Connection& connection, const HttpRequest& request,
                             std::optional<uint64_t> size, unsigned version) {
    HttpResponse response = connection.listener->body_policy->too_large(request, size);
    co_await WriteResponse(connection, response, version, /*keep_alive=*/false,
                           request.method == "HEAD");
  }

  // Bounds the time the connection's next reads or writes may take, from now (what Beast's
  // expires_after did).
  void ExpireIn(Connection& connection, std::chrono::steady_clock::duration timeout) {
    connection.io_deadline = std::chrono::steady_clock::now() + timeout;
    // The watch fires by the old deadline, which is almost always sooner; a shorter timeout
    // (WriteStatus's) moves it earlier.
    if (connection.io_deadline < connection.idle_timer_expiry) {
      connection.idle_timer.cancel();
      WatchIdle(connection);
    }
  }

  // The connection's timeout watch: when its timer fires, the connection is closed if its I/O in
  // progress has passed its deadline (the pending read or write then fails, as with Beast's
  // timeout), and otherwise it is armed again for the deadline now set. A cancelled wait only
  // returns: whoever cancelled it arms a new one, or the connection has ended.
  void WatchIdle(Connection& connection) {
    auto now = std::chrono::steady_clock::now();
    connection.idle_timer_expiry = connection.io_deadline != kNoIoPending
                                       ? connection.io_deadline
                                       : now + options.idle_timeout;
    connection.idle_timer.expires_at(connection.idle_timer_expiry);
    // Weak: a wait that had already fired when the connection ended may still run afterwards.
    connection.idle_timer.async_wait(
        [this, weak = connection.weak_from_this()](beast::error_code ec) {
          auto alive = weak.lock();
          if (ec || !alive) return;
          if (alive->io_deadline <= std::chrono::steady_clock::now()) {
            alive->stream.close(ec);
            return;
          }
          WatchIdle(*alive);
        });
  }

  awaitable<void> Serve(std::shared_ptr<Connection> connection) {
    beast::flat_buffer buffer;
    WatchIdle(*connection);
    try {
      // Every request of the connection in this one coroutine (no coroutine per request): asio
      // recycles only frames under 1 KiB, so a per-request frame holding the parsers, the
      // request and the response was a malloc and a free every time.
      Connection& connection_ref = *connection;
      for (;;) {
        connection_ref.busy = false;
        if (stopping) break;
        beast::error_code ec;
        HttpRequest request;
        RequestParser parser(request);
        parser.header_limit(options.max_header_bytes);
        const BodyPolicy* body_policy = connection_ref.listener->body_policy;
        // With a policy the limit is the request's own, known once its head is read.
        // (Not boost::none: Boost 1.74's parser compares a Content-Length with the empty optional
        // and refuses every body.)
        if (body_policy != nullptr) {
          parser.body_limit(std::numeric_limits<uint64_t>::max());
        } else {
          parser.body_limit(options.max_body_bytes);
        }
        ExpireIn(connection_ref, options.idle_timeout);
        // The method, target and headers go straight into `request` as they are parsed.
        co_await http::async_read_header(connection_ref.stream, buffer, parser,
                                         redirect_error(use_awaitable, ec));
        connection_ref.busy = true;
        unsigned version = parser.version();
        if (ec) {
          co_await AnswerReadError(connection_ref, ec, nullptr, version);
          break;
        }
        request.SplitTarget();
        bool keep_alive = parser.keep_alive();

        if (!parser.is_done()) {
          if (body_policy != nullptr) {
            uint64_t limit = body_policy->limit(request);
            auto declared = parser.content_length();
            if (declared && *declared > limit) {
              co_await RefuseBody(connection_ref, request, std::optional<uint64_t>(*declared),
                                  version);
              break;
            }
            parser.body_limit(limit);
          }
          ExpireIn(connection_ref, options.idle_timeout);
          if (parser.expects_continue()) {
            http::response<http::empty_body> go_on{http::status::continue_, version};
            co_await http::async_write(connection_ref.stream, go_on,
                                       redirect_error(use_awaitable, ec));
            if (ec) break;
          }
          // Beast reads as much as the buffer has room for, at least 512 bytes: without room made
          // here a body arrives 512 bytes per recvmsg (and per timer reset).
          buffer.reserve(kChunkBytes);
          auto length = parser.content_length();
          if (length && *length <= options.memory_body_limit) {
            // The common case, a small body of known length: read it straight into a string,
            // from what the head's read brought along when it is all there (no read then).
            if (!BodyFromBuffer(parser, buffer, ec)) {
              co_await http::async_read(connection_ref.stream, buffer, parser,
                                        redirect_error(use_awaitable, ec));
            }
            if (ec) {
              co_await AnswerReadError(connection_ref, ec, &request, version);
              break;
            }
            request.body = Body::FromString(std::move(parser.body()));
          } else {
            if (!co_await ReadLargeBody(connection_ref, buffer, parser, request, version)) {
              break;
            }
          }
          // Chunked bodies carry no length; handlers see the decoded body and its real size.
          request.headers.erase("Transfer-Encoding");
        }

        // No I/O while the handler runs or a long poll waits: no timeout either.
        connection_ref.io_deadline = kNoIoPending;
        const HttpHandler& handler = connection_ref.listener->handler;
        HttpResponse response = Handle(handler, request, connection_ref.slot);
        while (response.deferral) {
          co_await WaitFor(connection_ref, *response.deferral);
          request.poll_deadline =
              stopping ? std::chrono::system_clock::now() : response.deferral->deadline;
          request.poll_key = response.deferral->key;
          response = Handle(handler, request, connection_ref.slot);
        }
        if (stopping) keep_alive = false;
        bool sent = co_await WriteResponse(connection_ref, response, version, keep_alive,
                                           request.method == "HEAD");
        if (!sent || !keep_alive) break;
      }
    } catch (const std::exception& e) {
      logger.Log(LogLevel::kError, std::string("connection failed: ") + e.what());
    }
    beast::error_code ec;
    connection->idle_timer.cancel();
    connection->stream.shutdown(tcp::socket::shutdown_both, ec);
    connection->stream.close(ec);
    std::lock_guard lock(connections_mutex);
    connections.erase(connection);
    if (stopping && connections.empty()) {
      asio::post(control, [this] { stop_deadline.cancel(); });
    }
  }

  HttpResponse Handle(const HttpHandler& handler, HttpRequest& request, HandlerSlot& slot) {
    {
      std::lock_guard lock(slot.mutex);
      slot.request.assign(request.method).append(" ").append(request.target);
      if (auto target = request.header("X-Amz-Target"); !target.empty()) {
        slot.request.append(" ").append(target);
      }
      slot.since = std::chrono::steady_clock::now();
      slot.reported = false;
    }
    struct Done {
      HandlerSlot& slot;
      ~Done() {
        std::lock_guard lock(slot.mutex);
        slot.request.clear();
      }
    } done{slot};
    try {
      return handler(request);
    } catch (const std::exception& e) {
      logger.Log(LogLevel::kError, std::string("handler failed: ") + e.what());
      return HttpResponse{
          500, {{"Content-Type", "text/plain"}}, Body::FromString("internal error\n"), {}};
    }
  }

  // Waits until the deferral's key is notified, its wake time comes, or the server stops.
  awaitable<void> WaitFor(Connection& connection, const Deferral& deferral) {
    auto timer = std::make_shared<asio::steady_timer>(connection.stream.get_executor());
    auto remaining = deferral.WakeAt() - std::chrono::system_clock::now();
    timer->expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::max(remaining, std::chrono::system_clock::duration::zero())));
    connection.wait_timer = timer;
    auto executor = connection.stream.get_executor();
    uint64_t subscription = waits.Subscribe(deferral.key, deferral.epoch, [timer, executor] {
      asio::post(executor, [timer] { timer->cancel(); });
    });
    if (!stopping) {
      beast::error_code ec;
      co_await timer->async_wait(redirect_error(use_awaitable, ec));
    }
    waits.Cancel(subscription);
    connection.wait_timer.reset();
  }

  awaitable<bool> WriteResponse(Connection& connection, const HttpResponse& response,
                                unsigned version, bool keep_alive, bool head) {
    beast::error_code ec;
    auto status = static_cast<http::status>(response.status);
    ExpireIn(connection, options.idle_timeout);
    bool with_body = !head && !BodyForbidden(response.status);
    // A small file body (an S3 GET of a small object) is read whole, to go out with the head.
    std::string small_file;
    if (with_body && response.body.in_file() && response.body.size() <= kSmallFileBodyBytes) {
      if (!ReadFileRange(response.body.path(), response.body.offset(), response.body.size(),
                         small_file)) {
        co_return false;
      }
    }
    if (!with_body || !response.body.in_file() || response.body.size() <= kSmallFileBodyBytes) {
      // Head and body go out in one gathered write; Beast's serializer costs more than the
      // rest of a small request together.
      std::string head_block = ResponseHead(response, version, keep_alive, head);
      const std::string& body = response.body.in_file() ? small_file : response.body.data();
      std::array<asio::const_buffer, 2> buffers{
          asio::buffer(head_block), with_body ? asio::buffer(body) : asio::const_buffer{}};
      co_await asio::async_write(connection.stream, buffers, redirect_error(use_awaitable, ec));
      co_return !ec;
    }

    // A file body streams in chunks so that it is never held in memory whole.
    std::ifstream in(response.body.path(), std::ios::binary);
    if (!in) co_return false;
    in.seekg(static_cast<std::streamoff>(response.body.offset()));
    http::response<http::buffer_body> res{status, version};
    CopyHeaders(response, res);
    res.keep_alive(keep_alive);
    res.content_length(response.body.size());
    res.body().data = nullptr;
    res.body().more = true;
    http::response_serializer<http::buffer_body> serializer{res};
    co_await http::async_write_header(connection.stream, serializer,
                                      redirect_error(use_awaitable, ec));
    if (ec) co_return false;
    // Not zeroed: only bytes just read from the file are sent.
    auto chunk = std::make_unique_for_overwrite<char[]>(kChunkBytes);
    uint64_t remaining = response.body.size();
    while (remaining > 0) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(remaining, kChunkBytes));
      in.read(chunk.get(), static_cast<std::streamsize>(want));
      size_t got = static_cast<size_t>(in.gcount());
      if (got == 0) co_return false;  // the file shrank under us: the length was a lie
      remaining -= got;
      res.body().data = chunk.get();
      res.body().size = got;
      res.body().more = remaining > 0;
      ExpireIn(connection, options.idle_timeout);
      co_await http::async_write(connection.stream, serializer, redirect_error(use_awaitable, ec));
      if (ec == http::error::need_buffer) ec = {};
      if (ec) co_return false;
    }
    co_return true;
  }

  void BeginStop() {
    if (stopping.exchange(true)) return;
    beast::error_code ec;
    asio::post(main->acceptor.get_executor(), [listener = main] {
      beast::error_code close_ec;
      listener->acceptor.close(close_ec);
    });
    {
      std::lock_guard lock(listeners_mutex);
      for (auto& [port, listener] : extra_listeners) {
        asio::post(listener->acceptor.get_executor(),
                   [listener = listener] {  // clang 14 cannot capture a structured binding
                     beast::error_code close_ec;
                     listener->acceptor.close(close_ec);
                   });
      }
      extra_listeners.clear();
    }
    signals.cancel(ec);
    // Worker threads end once their connections have.
    for (auto& guard : worker_guards) guard.reset();
    std::lock_guard lock(connections_mutex);
    if (connections.empty()) return;
    for (const auto& connection : connections) {
      asio::post(connection->stream.get_executor(), [connection] {
        if (connection->wait_timer) connection->wait_timer->cancel();
        beast::error_code ignored;
        if (!connection->busy) connection->stream.cancel(ignored);
      });
    }
    // In-flight requests get a bounded time to finish; the last connection to end cancels this.
    stop_deadline.expires_after(std::chrono::seconds(10));
    stop_deadline.async_wait([this](beast::error_code wait_ec) {
      if (wait_ec) return;
      for (auto& worker : workers) worker->stop();
      io.stop();
    });
  }
};

size_t DefaultMaxConnections() {
  // Descriptors kept for the store, spool files, Lambda processes' pipes and logs.
  constexpr rlim_t kReserved = 256;
  constexpr size_t kCeiling = 16384;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return kCeiling;
  if (limit.rlim_cur <= 2 * kReserved) return static_cast<size_t>(limit.rlim_cur / 2);
  return std::min(kCeiling, static_cast<size_t>(limit.rlim_cur - kReserved));
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler, WaitHub& waits,
                       Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), waits, logger)) {}

HttpServer::~HttpServer() = default;

namespace {

void Bind(tcp::acceptor& acceptor, const std::string& host, uint16_t port) {
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error("invalid listen address " + host);
  tcp::endpoint endpoint{address, port};
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
  }
}

}  // namespace

void HttpServer::Listen() { Bind(impl_->main->acceptor, impl_->options.host, impl_->options.port); }

uint16_t HttpServer::port() const { return impl_->main->acceptor.local_endpoint().port(); }

uint16_t HttpServer::AddListener(const std::string& host, uint16_t port, HttpHandler handler) {
  if (impl_->stopping) throw std::runtime_error("the server is stopping");
  auto listener = std::make_shared<Listener>(impl_->io, std::move(handler));
  Bind(listener->acceptor, host, port);
  uint16_t bound = listener->acceptor.local_endpoint().port();
  {
    std::lock_guard lock(impl_->listeners_mutex);
    impl_->extra_listeners[bound] = listener;
  }
  asio::co_spawn(listener->acceptor.get_executor(), impl_->Accept(listener), asio::detached);
  return bound;
}

void HttpServer::CloseListener(uint16_t port) {
  std::shared_ptr<Listener> listener;
  {
    std::lock_guard lock(impl_->listeners_mutex);
    auto it = impl_->extra_listeners.find(port);
    if (it == impl_->extra_listeners.end()) return;
    listener = std::move(it->second);
    impl_->extra_listeners.erase(it);
  }
  asio::post(listener->acceptor.get_executor(), [listener] {
    beast::error_code ec;
    listener->acceptor.close(ec);
  });
}

void HttpServer::Run(bool handle_signals) {
  if (handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) impl_->BeginStop();
    });
  }
  asio::co_spawn(impl_->main->acceptor.get_executor(), impl_->Accept(impl_->main), asio::detached);
  std::vector<std::thread> threads;
  for (auto& worker : impl_->workers) {
    threads.emplace_back([context = worker.get()] { context->run(); });
  }
  impl_->io.run();
  for (auto& thread : threads) thread.join();
}

void HttpServer::ReportStuckHandlers(std::chrono::milliseconds threshold) {
  auto now = std::chrono::steady_clock::now();
  for (size_t i = 0; i < impl_->slots.size(); ++i) {
    HandlerSlot& slot = *impl_->slots[i];
    std::string request;
    std::chrono::steady_clock::duration busy{};
    {
      std::lock_guard lock(slot.mutex);
      busy = now - slot.since;
      if (slot.request.empty() || slot.reported || busy < threshold) continue;
      slot.reported = true;
      request = slot.request;
    }
    impl_->logger.Log(
        LogLevel::kWarn,
        fmt::format("io thread {} has been in one handler for {} ms, stalling its connections: {}",
                    i, std::chrono::duration_cast<std::chrono::milliseconds>(busy).count(),
                    request));
  }
}

void HttpServer::Stop() {
  asio::post(impl_->control, [this] { impl_->BeginStop(); });
}

}  // namespace terrarium
