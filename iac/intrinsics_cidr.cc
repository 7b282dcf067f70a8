// Fn::Cidr: [ipBlock, count, cidrBits] -> `count` consecutive subnets of the block, each with
// `cidrBits` host bits, for IPv4 and IPv6.
#include <arpa/inet.h>

#include <cstdlib>

#include "iac/intrinsics_internal.h"

namespace terrarium::iac::detail {
namespace {

using nlohmann::json;
using u128 = unsigned __int128;

bool ParseInteger(const json& value, long& out) {
  std::string text;
  if (!AsText(value, text) || text.empty()) return false;
  char* end = nullptr;
  out = std::strtol(text.c_str(), &end, 10);
  return *end == '\0';
}

std::string Format(u128 address, bool v6, long prefix) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (v6) {
    unsigned char bytes[16];
    for (int i = 15; i >= 0; --i, address >>= 8) bytes[i] = static_cast<unsigned char>(address);
    inet_ntop(AF_INET6, bytes, buffer, sizeof buffer);
  } else {
    in_addr a{};
    a.s_addr = htonl(static_cast<uint32_t>(address));
    inet_ntop(AF_INET, &a, buffer, sizeof buffer);
  }
  return std::string(buffer) + "/" + std::to_string(prefix);
}

}  // namespace

json Cidr(const json& args, const EvalContext& ctx, const std::string& pointer) {
  const std::string message =
      "Template error: every Fn::Cidr object requires three parameters, (1) an IP address block "
      "in CIDR notation, (2) the number of subnets to generate (1 to 256) and (3) the number of "
      "subnet bits";
  if (!args.is_array() || args.size() != 3) throw Error(ctx, message, pointer);
  json block = Evaluate(args[0], ctx, PointerChild(pointer, "0"));
  long count = 0;
  long bits = 0;
  std::string text;
  if (!AsText(block, text) ||
      !ParseInteger(Evaluate(args[1], ctx, PointerChild(pointer, "1")), count) ||
      !ParseInteger(Evaluate(args[2], ctx, PointerChild(pointer, "2")), bits)) {
    throw Error(ctx, message, pointer);
  }
  auto slash = text.find('/');
  if (slash == std::string::npos) throw Error(ctx, message, pointer);
  std::string ip = text.substr(0, slash);
  long block_prefix = std::strtol(text.c_str() + slash + 1, nullptr, 10);
  const bool v6 = ip.find(':') != std::string::npos;
  const long width = v6 ? 128 : 32;
  u128 address = 0;
  if (v6) {
    unsigned char bytes[16];
    if (inet_pton(AF_INET6, ip.c_str(), bytes) != 1) throw Error(ctx, message, pointer);
    for (unsigned char b : bytes) address = (address << 8) | b;
  } else {
    in_addr a{};
    if (inet_pton(AF_INET, ip.c_str(), &a) != 1) throw Error(ctx, message, pointer);
    address = ntohl(a.s_addr);
  }
  const long prefix = width - bits;
  if (count < 1 || count > 256 || bits < 1 || block_prefix < 0 || block_prefix > width ||
      prefix < block_prefix) {
    throw Error(ctx, message, pointer);
  }
  // Subnets available in the block: 2^(prefix - block_prefix), capped to avoid overflow.
  const long spare = prefix - block_prefix;
  if (spare < 9 && count > (1L << spare)) {
    throw Error(ctx,
                "Template error: Fn::Cidr cannot fit " + std::to_string(count) + " subnets of " +
                    std::to_string(bits) + " bits in " + text,
                pointer);
  }
  const u128 host_mask = bits >= 128 ? ~u128{0} : ((u128{1} << bits) - 1);
  const u128 block_mask = block_prefix == 0 ? 0 : ~((u128{1} << (width - block_prefix)) - 1);
  u128 start = address & block_mask & ~host_mask;
  if (!v6) start &= 0xffffffffu;
  json out = json::array();
  for (long i = 0; i < count; ++i) out.push_back(Format(start + (u128(i) << bits), v6, prefix));
  return out;
}

}  // namespace terrarium::iac::detail
