#include "emulator/app/drift_command.h"

#include <unistd.h>

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "emulator/app/emulator_client.h"
#include "emulator/app/state_source.h"

namespace terrarium::app {

using nlohmann::json;

namespace {

json ParameterObject(const std::vector<std::string>& parameters) {
  json out = json::object();
  for (const auto& parameter : parameters) {
    std::size_t equals = parameter.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw std::runtime_error("--parameter takes KEY=VALUE, not " + parameter);
    }
    out[parameter.substr(0, equals)] = parameter.substr(equals + 1);
  }
  return out;
}

}  // namespace

int RunDrift(const DriftOptions& options, std::FILE* out, std::FILE* err) {
  int inputs =
      !options.stack.empty() + !options.tfstate_path.empty() + !options.template_path.empty();
  if (inputs != 1) {
    std::fprintf(err,
                 "terrarium drift: give one of --tfstate FILE, --template FILE or --stack NAME\n");
    return 1;
  }
  try {
    json request = {{"format", options.format},
                    {"colour", options.format == "table" && isatty(fileno(out)) != 0}};
    if (!options.stack.empty()) {
      request["stack"] = options.stack;
    } else if (!options.template_path.empty()) {
      request["template"] = ReadText(options.template_path);
      request["parameters"] = ParameterObject(options.parameters);
    } else {
      AddStateSource(options.tfstate_path, request, false);
    }
    if (!options.account.empty()) request["account"] = options.account;
    if (!options.region.empty()) request["region"] = options.region;
    if (!options.ignore_path.empty()) request["ignore"] = ReadText(options.ignore_path);
    auto [status, answer] = PostJson(EndpointOr(options.endpoint), "/_terrarium/drift", request);
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
