// Helpers the codec tests share: golden files under tests/data and requests built by hand.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "emulator/core/http_message.h"
#include "emulator/core/request_context.h"

namespace terrarium::testing {

// The text of tests/data/<relative>; a missing file fails the test.
inline std::string ReadTestData(const std::string& relative) {
  std::ifstream in(std::string(TERRARIUM_TEST_DATA) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing test data " << relative;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline nlohmann::json ReadTestJson(const std::string& relative) {
  return nlohmann::json::parse(ReadTestData(relative));
}

inline HttpRequest MakeRequest(std::string method, std::string target, Headers headers,
                               std::string body) {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.headers = std::move(headers);
  request.body = Body::FromString(std::move(body));
  request.SplitTarget();
  return request;
}

inline RequestContext MakeContext() {
  RequestContext ctx;
  ctx.request_id = "c6f8e1b0-7a1d-4b4e-9a57-2f0d6c1e9b11";
  return ctx;
}

}  // namespace terrarium::testing
