#include "emulator/services/s3/s3_common.h"

#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/core/url.h"

namespace terrarium::services::s3 {

nlohmann::json OwnerOf(std::string_view account) {
  return {{"ID", HexEncode(Sha256("terrarium-canonical-user:" + std::string(account)))},
          {"DisplayName", "webfile"}};
}

double Now(const RequestContext& ctx) { return ctx.clock->EpochSeconds(); }

std::string NewVersionId() {
  return RandomString(32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
}

std::vector<std::string> SplitCommaList(std::string_view list) {
  std::vector<std::string> items;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

std::string QuotedEtag(std::string_view raw_md5) { return "\"" + HexEncode(raw_md5) + "\""; }

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view Unquote(std::string_view etag) {
  etag = Trim(etag);
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

}  // namespace

bool EtagMatches(std::string_view header, std::string_view etag) {
  std::string_view want = Unquote(etag);
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = Trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (item == "*" || Unquote(item) == want) return true;
  }
  return false;
}

bool VersioningConfigured(const nlohmann::json& bucket) {
  return !bucket.value("Versioning", "").empty();
}

std::string UrlEncodeKey(std::string_view key) { return PercentEncode(key, true); }

}  // namespace terrarium::services::s3
