#include "emulator/app/import_command.h"

#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "emulator/app/emulator_client.h"
#include "emulator/app/state_source.h"

namespace terrarium::app {

using nlohmann::json;

int RunImportTfstate(const ImportOptions& options, std::FILE* out, std::FILE* err) {
  bool backend = !options.backend_bucket.empty() || !options.backend_key.empty();
  if (backend == !options.tfstate_path.empty() ||
      (backend && (options.backend_bucket.empty() || options.backend_key.empty()))) {
    std::fprintf(err,
                 "terrarium import: give FILE, s3://BUCKET/KEY or both --backend-bucket and "
                 "--backend-key\n");
    return 1;
  }
  try {
    json request = {{"dry_run", options.dry_run}};
    AddStateSource(backend ? "s3://" + options.backend_bucket + "/" + options.backend_key
                           : options.tfstate_path,
                   request, true);
    if (!options.account.empty()) request["account"] = options.account;
    if (!options.region.empty()) request["region"] = options.region;
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
