#include "iac/providers/inline_zip.h"

#include <cstdint>

#include "emulator/core/encoding.h"

namespace terrarium::iac::providers {
namespace {

void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

void Put32(std::string& out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v & 0xffff));
  Put16(out, static_cast<uint16_t>(v >> 16));
}

constexpr uint16_t kVersion = 20;                       // 2.0: stored entries
constexpr uint16_t kMadeByUnix = (3 << 8) | 20;         // so the external attributes are unix modes
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01, the format's epoch
constexpr uint32_t kRegularFile0644 = 0100644u << 16;

// The fields local and central headers share, from "version needed" to the name length.
void PutCommon(std::string& out, uint32_t crc, uint32_t size, uint16_t name_length) {
  Put16(out, kVersion);
  Put16(out, 0);  // flags
  Put16(out, 0);  // stored
  Put16(out, 0);  // time
  Put16(out, kDosDate);
  Put32(out, crc);
  Put32(out, size);  // compressed
  Put32(out, size);  // uncompressed
  Put16(out, name_length);
  Put16(out, 0);  // extra field length
}

}  // namespace

std::string ZipWithOneFile(std::string_view name, std::string_view content) {
  const uint32_t crc = Crc32(content);
  const auto size = static_cast<uint32_t>(content.size());
  const auto name_length = static_cast<uint16_t>(name.size());
  std::string out;
  Put32(out, 0x04034b50);  // local file header
  PutCommon(out, crc, size, name_length);
  out.append(name);
  out.append(content);
  const auto directory_offset = static_cast<uint32_t>(out.size());
  Put32(out, 0x02014b50);  // central directory header
  Put16(out, kMadeByUnix);
  PutCommon(out, crc, size, name_length);
  Put16(out, 0);  // comment length
  Put16(out, 0);  // disk
  Put16(out, 0);  // internal attributes
  Put32(out, kRegularFile0644);
  Put32(out, 0);  // local header offset
  out.append(name);
  const auto directory_size = static_cast<uint32_t>(out.size()) - directory_offset;
  Put32(out, 0x06054b50);  // end of central directory
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, 1);
  Put16(out, 1);
  Put32(out, directory_size);
  Put32(out, directory_offset);
  Put16(out, 0);
  return out;
}

}  // namespace terrarium::iac::providers
