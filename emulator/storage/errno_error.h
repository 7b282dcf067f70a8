// The store's file system failures, thrown with errno's reason and the path they concern.
#pragma once

#include <cerrno>
#include <filesystem>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

namespace terrarium::storage {

[[noreturn]] inline void ThrowErrno(std::string_view what, const std::filesystem::path& path) {
  throw std::system_error(errno, std::generic_category(), fmt::format("{} {}", what, path.string()));
}

}  // namespace terrarium::storage
