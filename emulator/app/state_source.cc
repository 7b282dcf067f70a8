#include "emulator/app/state_source.h"

#include <filesystem>
#include <stdexcept>

#include "emulator/app/emulator_client.h"
#include "emulator/core/encoding.h"
#include "importers/terraform/tfstate_reader.h"

namespace terrarium::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The attribute naming a file beside the state, per type.
const char* FileAttribute(const std::string& type) {
  if (type == "aws_lambda_function") return "filename";
  if (type == "aws_s3_object") return "source";
  return nullptr;
}

// Terraform resolves those paths against its working directory, which holds the state of a
// local backend: so they are looked for beside the state.
json FilesBeside(const std::string& state_path, const std::string& text) {
  json files = json::object();
  std::vector<importers::TfInstance> instances;
  try {
    instances = importers::ReadTerraformState(text);
  } catch (const std::invalid_argument&) {
    return files;  // the server reports what is wrong with the state
  }
  fs::path dir = fs::path(state_path).parent_path();
  for (const auto& instance : instances) {
    const char* attribute = FileAttribute(instance.type);
    if (attribute == nullptr) continue;
    auto it = instance.attributes.find(attribute);
    if (it == instance.attributes.end() || !it->is_string() || it->get<std::string>().empty()) {
      continue;
    }
    std::string named = *it;
    fs::path path = fs::path(named).is_absolute() ? fs::path(named) : dir / named;
    std::error_code error;
    if (!fs::is_regular_file(path, error)) continue;
    files[named] = Base64Encode(ReadText(path.string()));
  }
  return files;
}

}  // namespace

void AddStateSource(const std::string& location, json& request, bool with_files) {
  if (location.starts_with("s3://")) {
    std::string rest = location.substr(5);
    std::size_t slash = rest.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size()) {
      throw std::runtime_error("an S3 state location is s3://BUCKET/KEY, not " + location);
    }
    request["backend"] = {{"bucket", rest.substr(0, slash)}, {"key", rest.substr(slash + 1)}};
    return;
  }
  std::string text = ReadText(location);
  if (with_files) request["files"] = FilesBeside(location, text);
  request["tfstate"] = std::move(text);
}

}  // namespace terrarium::app
