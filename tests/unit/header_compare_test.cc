#include <gtest/gtest.h>

#include <random>
#include <string>

#include "emulator/core/http_message.h"

namespace terrarium {
namespace {

// The definition CaseInsensitiveLess must agree with: ASCII letters folded, bytes compared
// unsigned, a prefix before the longer string.
bool ByteWiseLess(std::string_view a, std::string_view b) {
  auto lower = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 'A' && u <= 'Z' ? u + 32 : u;
  };
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return lower(a[i]) < lower(b[i]);
  }
  return a.size() < b.size();
}

TEST(HeaderCompareTest, AgreesWithAByteWiseCompare) {
  // Letters of both cases, the bytes on either side of 'A'..'Z' and 'a'..'z', and bytes with the
  // high bit set whose low seven bits are letters.
  const std::string alphabet =
      std::string("AZaz@[`{-09") + "\x80\xc1\xda\xe1\xfa\xff" + std::string(1, '\0');
  std::mt19937 random(20261127);
  auto make = [&](size_t length) {
    std::string text;
    for (size_t i = 0; i < length; ++i) text.push_back(alphabet[random() % alphabet.size()]);
    return text;
  };
  CaseInsensitiveLess less;
  for (int round = 0; round < 20000; ++round) {
    std::string a = make(random() % 20);
    // Often a long shared prefix, differing in case, so that the words past it are compared.
    std::string b = random() % 2 ? make(random() % 20) : a;
    for (char& c : b) {
      if (random() % 3 == 0 && std::isalpha(static_cast<unsigned char>(c))) c ^= 0x20;
    }
    if (random() % 2) b += make(random() % 4);
    ASSERT_EQ(less(a, b), ByteWiseLess(a, b)) << "'" << a << "' < '" << b << "'";
    ASSERT_EQ(less(b, a), ByteWiseLess(b, a)) << "'" << b << "' < '" << a << "'";
  }
}

TEST(HeaderCompareTest, FindsHeadersInAnyCase) {
  Headers headers{{"Authorization", "a"}, {"X-Amz-Content-Sha256", "b"}, {"X-Amz-Date", "c"}};
  HttpRequest request;
  request.headers = headers;
  EXPECT_EQ(request.header("authorization"), "a");
  EXPECT_EQ(request.header("x-amz-content-SHA256"), "b");
  EXPECT_EQ(request.header("X-AMZ-DATE"), "c");
  EXPECT_EQ(request.header("X-Amz-Dat"), "");
  EXPECT_EQ(request.header("X-Amz-Content-Sha2567"), "");
}

// FindHeader walks few headers and descends the map for many: both answer what find() does.
TEST(HeaderCompareTest, FindHeaderAnswersWhatFindDoes) {
  for (size_t count : {0, 1, 10, 16, 17, 40}) {
    Headers headers;
    for (size_t i = 0; i < count; ++i) {
      headers["X-Amz-Meta-" + std::to_string(i)] = "v" + std::to_string(i);
    }
    headers["Content-Length"] = "5";
    headers["Host"] = "h";
    headers["If-Match"] = "m";
    for (std::string_view name : {"content-length",
                                  "CONTENT-LENGTH",
                                  "Content-Lengt",
                                  "content-lengtg",
                                  "x-amz-meta-09",
                                  "content-lengthx",
                                  "x-amz-meta-0",
                                  "X-AMZ-META-16",
                                  "x-amz-meta-39",
                                  "x-amz-meta-40",
                                  "",
                                  "Host",
                                  "hOsT",
                                  "Hosx",
                                  "xost",
                                  "hist",
                                  "if-matcH",
                                  "if-matci",
                                  "jf-match",
                                  "If-Match "}) {
      auto it = headers.find(name);
      const std::string* found = FindHeader(headers, name);
      if (it == headers.end()) {
        EXPECT_EQ(found, nullptr) << count << " " << name;
      } else {
        EXPECT_EQ(found, &it->second) << count << " " << name;
      }
    }
  }
}

}  // namespace
}  // namespace terrarium
