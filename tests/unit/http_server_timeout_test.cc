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
    options.idle_timeout = std::chrono::seconds(1);
    server_ = std::make_unique<HttpServer>(
        options,
        [](HttpRequest& request) {
          // A slow handler: longer than the idle timeout, which must not cut it off.
          if (request.path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(1300));
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

  // Reads one whole small response (the server sends it in one write).
  std::string ReadAnswer() {
    std::string answer(256, '\0');
    size_t got = client_.read_some(asio::buffer(answer));
    answer.resize(got);
    return answer;
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
  char byte = 0;
  boost::system::error_code ec;
  size_t got = client_.read_some(asio::buffer(&byte, 1), ec);
  auto waited = steady_clock::now() - start;
  EXPECT_EQ(got, 0u);
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(5));
}

TEST_F(HttpServerTimeoutTest, ASlowHandlerAndAPauseBetweenRequestsDoNotCount) {
  const std::string slow = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n";
  asio::write(client_, asio::buffer(slow));
  EXPECT_TRUE(ReadAnswer().starts_with("HTTP/1.1 200")) << "slow handler";
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // under the timeout
  asio::write(client_, asio::buffer(std::string("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")));
  EXPECT_TRUE(ReadAnswer().starts_with("HTTP/1.1 200")) << "after a pause";
}

}  // namespace
}  // namespace terrarium
