#include "emulator/app/drift_command.h"

#include <unistd.h>

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "emulator/app/admin_json_client.h"

namespace terrarium::app {

using nlohmann::json;

int RunDrift(const DriftOptions& options, std::FILE* out, std::FILE* err) {
  if (options.stack.empty() == options.tfstate_path.empty()) {
    std::fprintf(err, "terrarium drift: give one of --tfstate FILE or --stack NAME\n");
    return 1;
  }
  try {
    std::string endpoint = EndpointOr(options.endpoint);
    json request = {{"format", options.format},
                    {"colour", options.format == "table" && isatty(fileno(out)) != 0}};
    if (!options.stack.empty()) {
      request["stack"] = options.stack;
    } else {
      request["tfstate"] = ReadText(options.tfstate_path);
    }
    if (!options.ignore_path.empty()) request["ignore"] = ReadText(options.ignore_path);
    auto [status, answer] = PostJson(endpoint, "/_terrarium/drift", request);
    if (status != 200) {
      std::fprintf(err, "terrarium drift: %s\n", answer.value("error", answer.dump()).c_str());
      return 1;
    }
    std::fputs(answer.value("output", "").c_str(), out);
    return answer.value("drifted", false) ? 2 : 0;
  } catch (const std::exception& e) {
    std::fprintf(err, "terrarium drift: %s\n", e.what());
    return 1;
  }
}

}  // namespace terrarium::app
