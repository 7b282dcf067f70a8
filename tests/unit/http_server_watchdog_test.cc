// The watchdog that names a handler blocking its io thread (a blocked thread stalls every
// connection it carries without a word otherwise).
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio.hpp>

#include "emulator/core/http_server.h"

namespace terrarium {
namespace {

namespace asio = boost::asio;

size_t Count(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

TEST(HttpServerWatchdog, NamesABlockedHandlerOnce) {
  WaitHub waits;
  Logger logger(LogLevel::kInfo);
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  HttpServerOptions options;
  options.port = 0;
  options.threads = 1;
  HttpServer server(
      options,
      [&](HttpRequest&) {
        entered.set_value();
        released.wait();
        return HttpResponse{200, {}, Body::FromString("ok"), {}};
      },
      waits, logger);
  server.Listen();
  std::thread runner([&] { server.Run(/*handle_signals=*/false); });

  asio::io_context io;
  asio::ip::tcp::socket client(io);
  client.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  std::string request =
      "POST /stuck HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AmazonSQS.GetQueueUrl\r\n"
      "Content-Length: 0\r\n\r\n";
  asio::write(client, asio::buffer(request));
  entered.get_future().wait();

  ::testing::internal::CaptureStderr();
  server.ReportStuckHandlers(std::chrono::hours(1));  // not stuck for that long
  server.ReportStuckHandlers(std::chrono::milliseconds(0));
  server.ReportStuckHandlers(std::chrono::milliseconds(0));  // already reported
  std::string log = ::testing::internal::GetCapturedStderr();
  release.set_value();

  std::string answer(64, '\0');
  size_t got = client.read_some(asio::buffer(answer));
  answer.resize(got);
  server.Stop();
  runner.join();

  EXPECT_EQ(Count(log, "POST /stuck AmazonSQS.GetQueueUrl"), 1u) << log;
  EXPECT_NE(log.find("io thread 0 has been in one handler"), std::string::npos) << log;
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
}

TEST(HttpServerWatchdog, SaysNothingWhenIdle) {
  WaitHub waits;
  Logger logger(LogLevel::kInfo);
  HttpServerOptions options;
  options.port = 0;
  HttpServer server(
      options,
      [](HttpRequest&) {
        return HttpResponse{200, {}, Body::FromString("ok"), {}};
      },
      waits, logger);
  server.Listen();
  ::testing::internal::CaptureStderr();
  server.ReportStuckHandlers(std::chrono::milliseconds(0));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace terrarium
