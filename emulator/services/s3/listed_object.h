// What a ListObjects / ListObjectsV2 page shows of a key's current version, read from the stored
// record's text without building a JSON document of it: a page reads a thousand records, and
// a JSON object per record (its map, its strings) was most of the page's cost.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace terrarium::services::s3 {

struct ListedObject {
  double last_modified = 0;  // seconds since the epoch
  std::string etag;          // quotes included, as stored
  uint64_t size = 0;
  std::string storage_class = "STANDARD";
  // The names of the record's checksums (its "Checksums" members, in stored order) and their
  // type ("FULL_OBJECT" unless the record says otherwise); empty when it has none.
  std::vector<std::string> checksum_algorithms;
  std::string checksum_type;
  bool delete_marker = false;
};

// Reads the listed members of a stored object record. Throws as json::parse does when the text
// is no JSON object.
ListedObject ReadListedObject(std::string_view record_text);

// The "Key" member of a stored record (long keys' rows hold only a prefix of the key).
std::string ReadRecordKey(std::string_view record_text);

}  // namespace terrarium::services::s3
