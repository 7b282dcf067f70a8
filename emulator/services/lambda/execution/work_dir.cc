#include "emulator/services/lambda/execution/work_dir.h"

#include <signal.h>

#include <cerrno>
#include <charconv>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace terrarium::services::lambda {
namespace {

constexpr std::string_view kPrefix = "terrarium-lambda-";

// The pid a directory name carries, or 0 when the name is not exactly prefix + digits.
pid_t PidOf(std::string_view name) {
  if (!name.starts_with(kPrefix)) return 0;
  std::string_view digits = name.substr(kPrefix.size());
  pid_t pid = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (error != std::errc{} || end != digits.data() + digits.size() || pid <= 0) return 0;
  return pid;
}

}  // namespace

std::filesystem::path LambdaWorkDir(const std::filesystem::path& temp_root, pid_t pid) {
  return temp_root / (std::string(kPrefix) + std::to_string(pid));
}

bool ProcessAlive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

size_t RemoveStaleLambdaWorkDirs(const std::filesystem::path& temp_root,
                                 const std::function<bool(pid_t)>& alive) {
  std::error_code ec;
  std::vector<std::filesystem::path> stale;
  for (const auto& entry : std::filesystem::directory_iterator(temp_root, ec)) {
    pid_t pid = PidOf(entry.path().filename().native());
    std::error_code type_ec;
    // symlink_status: a link that merely carries such a name is left alone.
    if (pid != 0 && std::filesystem::is_directory(entry.symlink_status(type_ec)) && !alive(pid)) {
      stale.push_back(entry.path());
    }
  }
  size_t removed = 0;
  for (const auto& dir : stale) {
    std::error_code remove_ec;
    if (std::filesystem::remove_all(dir, remove_ec) > 0 && !remove_ec) ++removed;
  }
  return removed;
}

}  // namespace terrarium::services::lambda
