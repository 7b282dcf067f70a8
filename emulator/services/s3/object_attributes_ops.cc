// S3 GetObjectAttributes: the attributes x-amz-object-attributes names, without the body.
// Parity notes: as in AWS, the ETag comes unquoted, a multipart object's parts are listed only
// when it has a composite checksum (otherwise PartsCount alone), and a composite checksum is
// given without its "-N" suffix.
#include <algorithm>
#include <set>
#include <string>

#include "emulator/services/s3/checksums.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/object_read.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_common.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

constexpr int kDefaultMaxParts = 1000;

std::set<std::string> RequestedAttributes(const json& input) {
  static const std::set<std::string> kKnown = {"ETag", "Checksum", "ObjectParts", "StorageClass",
                                               "ObjectSize"};
  std::set<std::string> names;
  for (const json& item : input.value("ObjectAttributes", json::array())) {
    std::string name = item.get<std::string>();
    if (name.empty()) continue;
    if (!kKnown.contains(name)) {
      throw InvalidArgument("Invalid attribute name specified.", "x-amz-object-attributes", name);
    }
    names.insert(name);
  }
  if (names.empty()) {
    throw InvalidRequest(
        "The x-amz-object-attributes header specifying the attributes to be retrieved is either "
        "missing or empty");
  }
  return names;
}

std::string WithoutPartCount(const std::string& checksum) {
  return checksum.substr(0, checksum.find('-'));
}

json Checksum(const json& record) {
  json out = json::object();
  for (const auto& [algorithm, value] : record.at("Checksums").items()) {
    out[ChecksumMember(algorithm)] = WithoutPartCount(value.get<std::string>());
  }
  out["ChecksumType"] = record.value("ChecksumType", "FULL_OBJECT");
  return out;
}

// One page of a composite multipart object's parts, as ListParts pages them.
json ObjectParts(const json& record, const json& input) {
  const json& sizes = record.at("PartSizes");
  json out = {{"TotalPartsCount", sizes.size()}};
  auto checksums = record.find("PartChecksums");
  if (checksums == record.end()) return out;
  std::string algorithm = record.at("Checksums").begin().key();
  int marker = input.value("PartNumberMarker", 0);
  int max_parts = std::clamp(input.value("MaxParts", kDefaultMaxParts), 0, kDefaultMaxParts);
  json parts = json::array();
  int total = static_cast<int>(sizes.size());
  int number = std::max(marker, 0) + 1;
  for (; number <= total && static_cast<int>(parts.size()) < max_parts; ++number) {
    parts.push_back({{"PartNumber", number},
                     {"Size", sizes[number - 1]},
                     {ChecksumMember(algorithm), (*checksums)[number - 1]}});
  }
  out["PartNumberMarker"] = marker;
  out["MaxParts"] = max_parts;
  out["IsTruncated"] = number <= total;
  if (!parts.empty()) out["NextPartNumberMarker"] = parts.back()["PartNumber"];
  out["Parts"] = std::move(parts);
  return out;
}

}  // namespace

json GetObjectAttributes(RequestContext& ctx, const json& input) {
  std::set<std::string> wanted = RequestedAttributes(input);
  FoundObject found = LoadObject(ctx, input, false);
  const json& record = found.record;
  json output = {{"LastModified", record["LastModified"]}};
  if (VersioningConfigured(found.bucket)) output["VersionId"] = record.value("VersionId", "null");
  if (wanted.contains("ETag")) {
    std::string etag = record.value("ETag", "");
    if (etag.size() >= 2 && etag.front() == '"') etag = etag.substr(1, etag.size() - 2);
    output["ETag"] = etag;
  }
  if (wanted.contains("Checksum") && record.contains("Checksums")) {
    output["Checksum"] = Checksum(record);
  }
  if (wanted.contains("ObjectParts") && record.contains("PartSizes")) {
    output["ObjectParts"] = ObjectParts(record, input);
  }
  if (wanted.contains("StorageClass")) {
    output["StorageClass"] = record.value("StorageClass", "STANDARD");
  }
  if (wanted.contains("ObjectSize")) output["ObjectSize"] = record.value("Size", uint64_t{0});
  return output;
}

}  // namespace terrarium::services::s3
