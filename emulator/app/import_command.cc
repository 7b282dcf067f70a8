#include "emulator/app/import_command.h"

#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "emulator/app/admin_json_client.h"

namespace terrarium::app {

using nlohmann::json;

int RunImportTfstate(const ImportOptions& options, std::FILE* out, std::FILE* err) {
  try {
    json request = {{"tfstate", ReadText(options.tfstate_path)}, {"dry_run", options.dry_run}};
    auto [status, answer] = PostJson(EndpointOr(options.endpoint), "/_terrarium/import", request);
    if (status != 200 || !answer.contains("resources")) {
      std::fprintf(err, "terrarium import: %s\n", answer.value("error", answer.dump()).c_str());
      return 1;
    }
    std::map<std::string, int> counts;
    for (const auto& line : answer["resources"]) {
      std::string outcome = line.value("outcome", "");
      std::string detail = line.value("detail", "");
      ++counts[outcome];
      std::fprintf(out, "%-16s %s (%s)%s%s\n", outcome.c_str(), line.value("address", "").c_str(),
                   line.value("type", "").c_str(), detail.empty() ? "" : ": ", detail.c_str());
    }
    std::string summary;
    for (const auto& [outcome, count] : counts) {
      summary += (summary.empty() ? "" : ", ") + std::to_string(count) + " " + outcome;
    }
    std::fprintf(out, "\n%s\n", summary.c_str());
    if (!answer.value("ok", false)) {
      std::fprintf(err, "terrarium import: %s\n", answer.value("reason", "").c_str());
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(err, "terrarium import: %s\n", e.what());
    return 1;
  }
}

}  // namespace terrarium::app
