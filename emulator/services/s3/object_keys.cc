#include "emulator/services/s3/object_keys.h"

#include "emulator/core/encoding.h"

namespace terrarium::services::s3 {

std::string EncodeObjectKey(std::string_view key) {
  if (key.size() <= kShortKeyBytes) return std::string(key);
  std::string encoded(key.substr(0, kShortKeyBytes));
  encoded.push_back('\x01');
  encoded.append(Sha256(key));
  return encoded;
}

std::string ScanAfterPosition(std::string_view key) {
  if (key.size() <= kShortKeyBytes) return std::string(key);
  // The run's first member sorts right after its bare prefix.
  return std::string(key.substr(0, kShortKeyBytes));
}

std::string PrefixSuccessor(std::string_view prefix) {
  // 0xff never occurs in UTF-8, so prefix+0xff is above every key with the prefix.
  return std::string(prefix) + '\xff';
}

}  // namespace terrarium::services::s3
