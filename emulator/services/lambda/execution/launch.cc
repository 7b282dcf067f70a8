// Starting an execution environment: unpack the code once per package, open the environment's
// Runtime API listener, spawn the runtime with AWS's environment variables.
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/services/lambda/execution/process.h"
#include "emulator/services/lambda/execution/runtime_state.h"
#include "emulator/services/lambda/zip_package.h"

namespace terrarium::services::lambda {
namespace {

// Variables Lambda sets and a function's own configuration may not override.
bool IsReserved(const std::string& name) {
  static const char* const kReserved[] = {"_HANDLER",
                                          "AWS_REGION",
                                          "AWS_DEFAULT_REGION",
                                          "AWS_EXECUTION_ENV",
                                          "AWS_LAMBDA_FUNCTION_NAME",
                                          "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                                          "AWS_LAMBDA_FUNCTION_VERSION",
                                          "AWS_LAMBDA_LOG_GROUP_NAME",
                                          "AWS_LAMBDA_LOG_STREAM_NAME",
                                          "AWS_LAMBDA_RUNTIME_API",
                                          "LAMBDA_TASK_ROOT",
                                          "LAMBDA_RUNTIME_DIR"};
  for (const char* reserved : kReserved) {
    if (name == reserved) return true;
  }
  return false;
}

std::string LogStreamName(const std::string& version) {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{:04}/{:02}/{:02}/[{}]{}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     version, RandomString(32, "0123456789abcdef"));
}

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : value;
}

// Where AWS's runtimes look inside /opt, with `opt` (the function's merged layers) in its place:
// python: /opt/python and /opt/python/lib/<runtime>/site-packages after the function's own
// code; node: /opt/nodejs/node_modules and /opt/nodejs/<major>/node_modules; every runtime:
// /opt/bin on PATH and /opt/lib on LD_LIBRARY_PATH.
void AddLayerPaths(const FunctionSpec& spec, const std::filesystem::path& opt,
                   std::map<std::string, std::string>& vars) {
  vars["TERRARIUM_LAMBDA_OPT"] = opt.string();
  if (spec.runtime.starts_with("python")) {
    vars["PYTHONPATH"] += ":" + (opt / "python").string() + ":" +
                          (opt / "python" / "lib" / spec.runtime / "site-packages").string();
  } else if (spec.runtime.starts_with("nodejs")) {
    std::string major = spec.runtime.substr(6, spec.runtime.find('.') - 6);  // nodejs20.x -> 20
    vars["NODE_PATH"] += ":" + (opt / "nodejs" / "node_modules").string() + ":" +
                         (opt / "nodejs" / ("node" + major) / "node_modules").string();
  }
  vars["PATH"] = (opt / "bin").string() + ":" + vars["PATH"];
  std::string libs = EnvOr("LD_LIBRARY_PATH", "");
  vars["LD_LIBRARY_PATH"] = (opt / "lib").string() + (libs.empty() ? "" : ":" + libs);
}

}  // namespace

std::filesystem::path LambdaRuntime::State::BuildOnce(
    const std::string& key, const std::function<void(const std::filesystem::path&)>& fill) {
  std::filesystem::path dir = host.work_dir / "code" / key;
  {
    std::lock_guard lock(mutex);
    if (unpacked.contains(key)) return dir;
  }
  // Built beside its final place and renamed, so a half-built tree is never used.
  std::filesystem::path staging = dir;
  staging += ".building";
  std::error_code ec;
  std::filesystem::remove_all(staging, ec);
  std::filesystem::remove_all(dir, ec);
  fill(staging);
  std::filesystem::rename(staging, dir);
  std::lock_guard lock(mutex);
  unpacked.insert(key);
  return dir;
}

std::filesystem::path LambdaRuntime::State::Unpacked(const std::string& sha256_hex,
                                                     const std::filesystem::path& zip) {
  return BuildOnce(sha256_hex,
                   [&](const std::filesystem::path& staging) { UnpackPackage(zip, staging); });
}

std::filesystem::path LambdaRuntime::State::CodeDir(const FunctionSpec& spec) {
  return Unpacked(spec.code_sha256_hex, spec.code_zip);
}

std::filesystem::path LambdaRuntime::State::OptDir(const FunctionSpec& spec) {
  if (spec.layers.empty()) return {};
  std::string joined;
  for (const auto& layer : spec.layers) joined += layer.sha256_hex + "/";
  // Layers merge in order, a later one's files replacing an earlier one's, as in /opt on AWS.
  return BuildOnce("opt-" + HexEncode(Sha256(joined)), [&](const std::filesystem::path& staging) {
    std::filesystem::create_directories(staging);
    for (const auto& layer : spec.layers) {
      std::filesystem::copy(Unpacked(layer.sha256_hex, layer.zip), staging,
                            std::filesystem::copy_options::recursive |
                                std::filesystem::copy_options::overwrite_existing |
                                std::filesystem::copy_options::copy_symlinks);
    }
  });
}

void LambdaRuntime::State::Launch(const std::shared_ptr<Environment>& env) {
  const FunctionSpec& spec = *env->spec;
  std::filesystem::path code = CodeDir(spec);
  std::filesystem::path opt = OptDir(spec);
  std::filesystem::path runtimes = host.work_dir / "runtimes";

  std::vector<std::string> argv;
  if (spec.runtime.starts_with("python")) {
    argv = {options.python, (runtimes / "python_bootstrap.py").string()};
  } else if (spec.runtime.starts_with("nodejs")) {
    argv = {options.node, (runtimes / "node_bootstrap.js").string()};
  } else if (spec.runtime.starts_with("provided")) {
    if (!std::filesystem::exists(code / "bootstrap")) {
      throw std::runtime_error("Couldn't find valid bootstrap(s): [" +
                               (code / "bootstrap").string() + "]");
    }
    argv = {(code / "bootstrap").string()};
  } else {
    throw std::runtime_error("Terrarium cannot run the runtime " + spec.runtime);
  }

  std::string id = env->id;
  uint16_t port = host.open_listener(
      [this, id](HttpRequest& request) { return HandleRuntimeApi(id, request); });

  SpawnRequest request;
  request.argv = std::move(argv);
  request.cwd = code;
  request.output = env->log_path;
  auto& vars = request.env;
  for (const auto& [name, value] : spec.environment) {
    if (!IsReserved(name)) vars[name] = value;
  }
  vars["PATH"] = EnvOr("PATH", "/usr/local/bin:/usr/bin:/bin");
  vars["HOME"] = EnvOr("HOME", "/tmp");
  vars["LANG"] = "en_US.UTF-8";
  vars["TZ"] = ":UTC";
  vars["_HANDLER"] = spec.handler;
  vars["AWS_REGION"] = spec.region;
  vars["AWS_DEFAULT_REGION"] = spec.region;
  vars["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + spec.runtime;
  vars["AWS_LAMBDA_FUNCTION_NAME"] = spec.name;
  vars["AWS_LAMBDA_FUNCTION_VERSION"] = spec.version;
  vars["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = std::to_string(spec.memory_mb);
  vars["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + spec.name;
  vars["AWS_LAMBDA_LOG_STREAM_NAME"] = LogStreamName(spec.version);
  vars["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
  vars["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:" + std::to_string(port);
  vars["LAMBDA_TASK_ROOT"] = code.string();
  vars["LAMBDA_RUNTIME_DIR"] = runtimes.string();
  // The function's SDK calls come back to the emulator, in the function's own account (a
  // 12-digit access key id is the account).
  if (!vars.contains("AWS_ACCESS_KEY_ID")) {
    vars["AWS_ACCESS_KEY_ID"] = spec.account;
    vars["AWS_SECRET_ACCESS_KEY"] = "test";
  }
  if (!host.endpoint_url.empty()) vars["AWS_ENDPOINT_URL"] = host.endpoint_url;
  vars["PYTHONUNBUFFERED"] = "1";
  vars["PYTHONDONTWRITEBYTECODE"] = "1";
  vars["PYTHONPATH"] = code.string();
  vars["NODE_PATH"] = (code / "node_modules").string() + ":" + code.string();
  if (!opt.empty()) AddLayerPaths(spec, opt, vars);

  pid_t pid = 0;
  try {
    pid = SpawnProcess(request);
  } catch (...) {
    host.close_listener(port);
    throw;
  }
  std::lock_guard lock(mutex);
  env->pid = pid;
  env->port = port;
  env->since = std::chrono::steady_clock::now();
}

}  // namespace terrarium::services::lambda
