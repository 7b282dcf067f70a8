// GET /_terrarium/lambda-code/<sha256 hex>.zip: the package behind GetFunction's Code.Location.
// The blob is content-addressed, so the URL names exactly the bytes CodeSha256 describes.
#include <cctype>

#include "emulator/services/lambda/lambda.h"

namespace terrarium::services::lambda {
namespace {

constexpr std::string_view kCodePathPrefix = "/_terrarium/lambda-code/";

bool IsHexDigest(std::string_view text) {
  if (text.size() != 64) return false;
  for (unsigned char c : text) {
    if (!std::isxdigit(c) || std::isupper(c)) return false;
  }
  return true;
}

}  // namespace

std::optional<HttpResponse> HandleCodeDownload(const HttpRequest& request, storage::Store& store) {
  std::string_view path = request.path;
  if (!path.starts_with(kCodePathPrefix)) return std::nullopt;
  std::string_view file = path.substr(kCodePathPrefix.size());
  HttpResponse response;
  if (request.method != "GET" && request.method != "HEAD") {
    response.status = 405;
    return response;
  }
  std::string_view hex = file.ends_with(".zip") ? file.substr(0, file.size() - 4) : file;
  if (!IsHexDigest(hex) || !store.Blobs().Exists(hex)) {
    response.status = 404;
    response.headers["Content-Type"] = "text/plain";
    response.body = Body::FromString("no such Lambda package\n");
    return response;
  }
  auto path_on_disk = store.Blobs().PathOf(hex);
  std::error_code ec;
  auto size = std::filesystem::file_size(path_on_disk, ec);
  if (ec) {
    response.status = 404;
    return response;
  }
  response.headers["Content-Type"] = "application/zip";
  response.body = Body::FromFile(path_on_disk, 0, size, /*owned=*/false);
  return response;
}

}  // namespace terrarium::services::lambda
