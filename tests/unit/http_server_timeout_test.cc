// The idle timeout: I/O that makes no progress for HttpServerOptions::idle_timeout closes the
// connection, while a handler's own time and the time between requests read in full do not
// count. (The server checks one deadline per connection rather than Beast's per-operation
// timers.) These wait for real time: the timeout is a real timer on the server's io thread.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio.hpp>

#include "emulator/core/http_server.h"

namespace terrarium {
namespace {

namespace asio = boost::asio;
using std::chrono::steady_clock;

class HttpServerTimeoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpServerOptions options;
    options.port = 0;
    options.threads = 1;
    // Two seconds, so that a loaded machine delaying the client by a second fails no test.
    options.idle_timeout = std::chrono::seconds(2);
    server_ = std::make_unique<HttpServer>(
        options,
        [](HttpRequest& request) {
          // A slow handler: longer than the idle timeout, which must not cut it off.
          if (request.path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(2300));
          return HttpResponse{200, {}, Body::FromString("ok"), {}};
        },
        waits_, logger_);
    server_->Listen();
    runner_ = std::thread([this] { server_->Run(/*handle_signals=*/false); });
    client_.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
  }

  void TearDown() override {
    server_->Stop();
    runner_.join();
  }

  struct Read {
    std::string data;
    boost::system::error_code error;  // asio::error::timed_out when nothing came in time
  };

  // What arrives within 5 s (a small response comes in one write), bounded so that a server
  // that never answers nor closes fails the test instead of hanging it.
  Read ReadWithin5s() {
    Read read{std::string(256, '\0'), asio::error::timed_out};
    bool done = false;
    size_t got = 0;
    client_.async_read_some(asio::buffer(read.data), [&](boost::system::error_code ec, size_t n) {
      done = true;
      read.error = ec;
      got = n;
    });
    io_.restart();
    io_.run_for(std::chrono::seconds(5));
    if (!done) {
      client_.cancel();
      io_.restart();
      io_.run();
      read.error = asio::error::timed_out;
    }
    read.data.resize(got);
    return read;
  }

  WaitHub waits_;
  Logger logger_{LogLevel::kError};
  std::unique_ptr<HttpServer> server_;
  std::thread runner_;
  asio::io_context io_;
  asio::ip::tcp::socket client_{io_};
};

TEST_F(HttpServerTimeoutTest, ClosesAConnectionWhoseHeaderStalls) {
  auto start = steady_clock::now();
  asio::write(client_, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n")));
  Read read = ReadWithin5s();
  auto waited = steady_clock::now() - start;
  EXPECT_EQ(read.data, "");
  EXPECT_TRUE(read.error == asio::error::eof || read.error == asio::error::connection_reset)
      << read.error.message();
  EXPECT_GE(waited, std::chrono::milliseconds(1900));
}

TEST_F(HttpServerTimeoutTest, ASlowHandlerAndAPauseBetweenRequestsDoNotCount) {
  const std::string slow = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n";
  asio::write(client_, asio::buffer(slow));
  EXPECT_TRUE(ReadWithin5s().data.starts_with("HTTP/1.1 200")) << "slow handler";
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // under the timeout
  asio::write(client_, asio::buffer(std::string("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")));
  EXPECT_TRUE(ReadWithin5s().data.starts_with("HTTP/1.1 200")) << "after a pause";
}

}  // namespace
}  // namespace terrarium
