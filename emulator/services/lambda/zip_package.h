// Lambda deployment packages (zip files): checked when uploaded, unpacked when an execution
// environment needs them. Nothing is ever written outside the destination directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace terrarium::services::lambda {

// AWS's quotas: a request carrying a zip directly (base64 in JSON) must be smaller than this
// (50 MB of zip), and the unzipped contents at most 250 MB.
inline constexpr uint64_t kMaxZipRequestBytes = 69905067;
inline constexpr uint64_t kMaxUnzippedBytes = 262144000;

struct PackageInfo {
  uint64_t unzipped_bytes = 0;
  bool has_bootstrap = false;  // a top-level `bootstrap` file (provided runtimes)
};

// Whether an entry name stays inside the directory it is unpacked into: relative, no `..`
// component, no drive letter or backslash tricks.
bool IsSafeEntryName(std::string_view name);
// Whether a symlink at entry `name` pointing at `target` stays inside the package.
bool IsSafeSymlink(std::string_view name, std::string_view target);

// Reads the zip's directory; throws AwsError (InvalidParameterValueException, AWS's wording)
// for unreadable archives, unsafe entries and oversize contents. `base64_bytes` is the size of
// the zip as it arrived (AWS limits the request, not the zip).
PackageInfo InspectPackage(std::string_view zip_bytes, uint64_t base64_bytes,
                           std::string_view operation);

// Unpacks the zip at `zip_path` into `dir` (created; must not exist yet), keeping unix file
// modes. Throws std::runtime_error on failure (the package was inspected when uploaded).
void UnpackPackage(const std::filesystem::path& zip_path, const std::filesystem::path& dir);

}  // namespace terrarium::services::lambda
