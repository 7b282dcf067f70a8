#include "emulator/services/iam/iam_ids.h"

#include "emulator/core/ids.h"

namespace terrarium::services::iam {

std::string NewUniqueId(std::string_view prefix) {
  return std::string(prefix) + RandomUpperAlnum(17);
}

std::string NewAccessKeyId() { return "AKIA" + RandomUpperAlnum(16); }

std::string NewSecretAccessKey() {
  return RandomString(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
}

}  // namespace terrarium::services::iam
