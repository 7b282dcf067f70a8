#include "emulator/services/s3/listing_xml.h"

#include <charconv>
#include <cmath>

#include "emulator/core/encoding.h"
#include "emulator/core/timestamp.h"
#include "emulator/protocols/xml_writer.h"
#include "emulator/services/s3/s3_common.h"

namespace terrarium::services::s3 {

const std::string_view kListObjectsXmlOrder[10] = {
    "IsTruncated", "Marker",    "NextMarker", "Contents",       "Name",
    "Prefix",      "Delimiter", "MaxKeys",    "CommonPrefixes", "EncodingType"};
const std::string_view kListObjectsV2XmlOrder[12] = {"IsTruncated",
                                                     "Contents",
                                                     "Name",
                                                     "Prefix",
                                                     "Delimiter",
                                                     "MaxKeys",
                                                     "CommonPrefixes",
                                                     "EncodingType",
                                                     "KeyCount",
                                                     "ContinuationToken",
                                                     "NextContinuationToken",
                                                     "StartAfter"};

namespace {

constexpr std::string_view kListingXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

class ListingXmlOut {
 public:
  explicit ListingXmlOut(std::string& out) : out_(out) {}

  void Open(std::string_view name) { out_.append("<").append(name).append(">"); }
  void Close(std::string_view name) { out_.append("</").append(name).append(">"); }
  void Text(std::string_view name, std::string_view text) {
    Open(name);
    protocols::AppendXmlEscaped(out_, text);
    Close(name);
  }
  void Number(std::string_view name, uint64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    Text(name, std::string_view(digits, end - digits));
  }
  // The codec's ISO 8601 form (FormatIso8601): the date and time of day are formatted once per
  // distinct second, since a page's objects were mostly written in a few seconds.
  void Timestamp(std::string_view name, double epoch_seconds) {
    double second = std::floor(epoch_seconds);
    if (second != cached_second_ || cached_prefix_.empty()) {
      cached_second_ = second;
      cached_prefix_ = FormatIso8601(second).substr(0, 19);  // YYYY-MM-DDTHH:MM:SS
    }
    int millis = static_cast<int>(std::lround((epoch_seconds - second) * 1000)) % 1000;
    char fraction[6] = {'.',
                        static_cast<char>('0' + millis / 100),
                        static_cast<char>('0' + millis / 10 % 10),
                        static_cast<char>('0' + millis % 10),
                        'Z',
                        0};
    Open(name);
    out_.append(cached_prefix_).append(fraction, 5);
    Close(name);
  }

 private:
  std::string& out_;
  double cached_second_ = 0;
  std::string cached_prefix_;
};

void WriteListingScalar(ListingXmlOut& out, std::string_view name, const nlohmann::json& value) {
  if (value.is_string()) {
    out.Text(name, value.get_ref<const std::string&>());
  } else if (value.is_boolean()) {
    out.Text(name, value.get<bool>() ? "true" : "false");
  } else if (value.is_number_unsigned() || value.is_number_integer()) {
    out.Text(name, value.dump());
  }
}

}  // namespace

std::string OwnerXml(const nlohmann::json& owner) {
  std::string xml;
  ListingXmlOut out(xml);
  out.Open("Owner");
  out.Text("DisplayName", owner.value("DisplayName", ""));
  out.Text("ID", owner.value("ID", ""));
  out.Close("Owner");
  return xml;
}

std::string ListBucketResultXml(std::span<const std::string_view> order, const nlohmann::json& head,
                                const ListPageOf<ListedObject>& page, bool url,
                                std::string_view owner_xml) {
  std::string xml;
  xml.reserve(256 + page.entries.size() * (300 + owner_xml.size()));
  xml.append(R"(<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns=")")
      .append(kListingXmlns)
      .append(R"(">)");
  ListingXmlOut out(xml);
  for (std::string_view member : order) {
    if (member == "Contents") {
      for (const auto& [key, object] : page.entries) {
        out.Open("Contents");
        if (url) {
          out.Text("Key", UrlEncodeKey(key));
        } else {
          out.Text("Key", key);
        }
        out.Timestamp("LastModified", object.last_modified);
        out.Text("ETag", object.etag);
        for (const std::string& algorithm : object.checksum_algorithms) {
          out.Text("ChecksumAlgorithm", algorithm);
        }
        if (!object.checksum_type.empty()) out.Text("ChecksumType", object.checksum_type);
        out.Number("Size", object.size);
        out.Text("StorageClass", object.storage_class);
        xml.append(owner_xml);
        out.Close("Contents");
      }
    } else if (member == "CommonPrefixes") {
      for (const std::string& prefix : page.common_prefixes) {
        out.Open("CommonPrefixes");
        if (url) {
          out.Text("Prefix", UrlEncodeKey(prefix));
        } else {
          out.Text("Prefix", prefix);
        }
        out.Close("CommonPrefixes");
      }
    } else if (auto it = head.find(member); it != head.end()) {
      WriteListingScalar(out, member, *it);
    }
  }
  xml.append("</ListBucketResult>");
  return xml;
}

}  // namespace terrarium::services::s3
