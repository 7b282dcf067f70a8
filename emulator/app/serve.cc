#include "emulator/app/serve.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <stop_token>
#include <thread>

#include <unistd.h>

#include "emulator/admin/admin_api.h"
#include "emulator/admin/state_api.h"
#include "emulator/app/init_hooks.h"
#include "emulator/app/registry.h"
#include "emulator/core/http_server.h"
#include "emulator/core/log.h"
#include "emulator/dispatch/dispatcher.h"
#include "emulator/services/lambda/async_destinations.h"
#include "emulator/services/lambda/execution/work_dir.h"
#include "emulator/services/lambda/lambda.h"
#include "emulator/storage/store.h"

namespace terrarium::app {
namespace {

// A handler that runs this long is blocking its io thread; every request is far quicker.
constexpr std::chrono::seconds kStuckHandlerThreshold{5};

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string{} : std::string(value);
}

bool Truthy(const std::string& value) {
  return value == "1" || value == "true" || value == "True" || value == "yes";
}

// The URL clients on this machine reach the server at.
std::string LocalEndpoint(const std::string& listen_host, uint16_t port) {
  bool any = listen_host == "0.0.0.0" || listen_host == "::" || listen_host.empty();
  std::string host = any ? "127.0.0.1" : listen_host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port);
}

// Lambda environments get their Runtime API listeners from the server and call the emulator
// back on loopback (or on the address it listens on, when that is a specific one).
void StartLambdaRuntime(services::lambda::LambdaRuntime& runtime, HttpServer& server,
                        WaitHub& waits, Logger& logger, const std::string& listen_host,
                        OperationInvoker& invoker, const Clock& clock) {
  services::lambda::RuntimeHost runtime_host;
  runtime_host.open_listener = [&server](services::lambda::RuntimeHost::Handler handler) {
    return server.AddListener("127.0.0.1", 0, std::move(handler));
  };
  runtime_host.close_listener = [&server](uint16_t port) { server.CloseListener(port); };
  runtime_host.endpoint_url = LocalEndpoint(listen_host, server.port());
  std::filesystem::path temp_root = std::filesystem::temp_directory_path();
  if (size_t removed = services::lambda::RemoveStaleLambdaWorkDirs(temp_root); removed > 0) {
    logger.Log(
        LogLevel::kInfo,
        fmt::format("removed {} Lambda work directories of servers no longer running", removed));
  }
  runtime_host.work_dir = services::lambda::LambdaWorkDir(temp_root, ::getpid());
  runtime_host.log = [&logger](const std::string& line) { logger.Log(LogLevel::kInfo, line); };
  runtime_host.async_outcome =
      [&invoker, &clock, log = runtime_host.log](const services::lambda::AsyncOutcome& outcome) {
        services::lambda::DeliverAsyncOutcome(invoker, outcome, clock.EpochSeconds(), log);
      };
  runtime.Start(std::move(runtime_host), waits);
}

// Request bodies: the admin API (snapshot imports) takes what the server takes at all; AWS
// requests their service's limit, answered with the service's error.
BodyPolicy AdminOrServiceBodyPolicy(const dispatch::Dispatcher& dispatcher, uint64_t admin_limit) {
  auto is_admin = [](const HttpRequest& head) {
    return head.path.starts_with("/_terrarium/") || head.path.starts_with("/_localstack/");
  };
  return {
      .limit =
          [&dispatcher, admin_limit, is_admin](HttpRequest& head) {
            return is_admin(head) ? admin_limit : dispatcher.BodyLimit(head);
          },
      .too_large =
          [&dispatcher, is_admin](const HttpRequest& head, std::optional<uint64_t> size) {
            if (!is_admin(head)) return dispatcher.BodyTooLarge(head, size);
            return HttpResponse{
                413, {{"Content-Type", "text/plain"}}, Body::FromString("Payload Too Large\n"), {}};
          },
      .observe = [&dispatcher, is_admin](const HttpRequest& head) -> std::shared_ptr<BodyObserver> {
        return is_admin(head) ? nullptr : dispatcher.ObserveBody(head);
      }};
}

std::filesystem::path InitDir(const ServeOptions& options) {
  if (options.no_init) return {};
  if (!options.init_dir.empty()) return options.init_dir;
  std::error_code ignored;
  if (std::filesystem::is_directory(kDefaultInitDir, ignored)) return kDefaultInitDir;
  return {};
}

}  // namespace

void ApplyEnvironment(ServeOptions& options, bool host_given, bool port_given, bool dir_given) {
  // GATEWAY_LISTEN is "host:port[,host:port...]"; the first address is used.
  if (std::string listen = Env("GATEWAY_LISTEN"); !listen.empty()) {
    listen = listen.substr(0, listen.find(','));
    auto colon = listen.rfind(':');
    std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
    if (!host_given && !host.empty()) options.host = host;
    if (!port_given && colon != std::string::npos) {
      options.port = static_cast<uint16_t>(std::stoi(listen.substr(colon + 1)));
    }
  }
  if (!dir_given && Truthy(Env("PERSISTENCE"))) {
    std::string dir = Env("DATA_DIR");
    if (dir.empty()) {
      std::string home = Env("HOME");
      dir = (home.empty() ? std::string(".") : home) + "/.local/share/terrarium";
    }
    options.data_dir = dir;
  }
}

int RunServe(const ServeOptions& options) {
  auto level = ParseLogLevel(options.log_level);
  if (!level) {
    fmt::print(stderr, "terrarium: unknown log level '{}' (debug, info, warn, error)\n",
               options.log_level);
    return 2;
  }
  Logger logger(*level);
  std::unique_ptr<storage::Store> store;
  try {
    store = storage::OpenStore({.data_dir = options.data_dir});
  } catch (const std::exception& e) {
    logger.Log(LogLevel::kError, e.what());
    return 1;
  }
  ServiceRuntimes runtimes;
  dispatch::OperationTable table;
  RegisterServices(table, runtimes);
  SystemClock clock;
  WaitHub waits;
  dispatch::Dispatcher dispatcher(table, *store, clock, waits, options.limits);
  runtimes.lambda.SetLimits(options.max_lambda_environments, options.lambda_concurrency,
                            options.max_queued_events);
  admin::StateService state(
      *store, {.repo_dir = options.state_repo.empty() ? admin::DefaultStateRepo(*store)
                                                      : std::filesystem::path(options.state_repo),
               .on_replaced = [&runtimes] { runtimes.lambda.RetireAll(); }});
  if (!options.snapshot.empty()) {
    try {
      nlohmann::json loaded = state.Load(options.snapshot);
      logger.Log(LogLevel::kInfo, fmt::format("loaded snapshot {} (commit {})", options.snapshot,
                                              loaded["commit"].get<std::string>()));
    } catch (const std::exception& e) {
      logger.Log(LogLevel::kError,
                 fmt::format("cannot load snapshot {}: {}", options.snapshot, e.what()));
      return 1;
    }
  }
  InitHooks hooks(InitDir(options), [&logger](bool error, const std::string& line) {
    logger.Log(error ? LogLevel::kError : LogLevel::kInfo, line);
  });
  admin::AdminStatus admin_status{.init = [&hooks] { return hooks.Status(); }};

  services::lambda::FunctionUrlHost function_urls{*store, runtimes.lambda, clock, waits};
  auto handle = [&](HttpRequest& request) -> HttpResponse {
    auto start = std::chrono::steady_clock::now();
    if (auto code = services::lambda::HandleCodeDownload(request, *store)) return std::move(*code);
    if (auto url = services::lambda::HandleFunctionUrl(request, function_urls)) {
      return std::move(*url);
    }
    if (auto answer = admin::HandleStateApi(request, state)) return std::move(*answer);
    if (auto admin = admin::HandleAdmin(request, dispatcher, admin_status)) {
      return std::move(*admin);
    }
    dispatch::RequestSummary summary;
    HttpResponse response = dispatcher.Handle(request, summary);
    if (response.deferral) return response;  // logged when it answers
    if (logger.Enabled(LogLevel::kInfo)) {
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      fmt::memory_buffer line;  // on the stack: no allocation per request
      fmt::format_to(std::back_inserter(line), "{} {} {} {:.2f}ms", summary.service,
                     summary.operation.empty() ? "-" : summary.operation, summary.status, ms);
      logger.Log(LogLevel::kInfo, std::string_view(line.data(), line.size()));
    }
    return response;
  };

  HttpServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = options.threads;
  server_options.spool_path = [&store] { return store->Blobs().NewTempPath(); };
  server_options.max_connections = options.max_connections;
  server_options.body_policy = AdminOrServiceBodyPolicy(dispatcher, server_options.max_body_bytes);
  HttpServer server(server_options, handle, waits, logger);
  try {
    server.Listen();
  } catch (const std::exception& e) {
    logger.Log(LogLevel::kError, e.what());
    return 1;
  }
  StartLambdaRuntime(runtimes.lambda, server, waits, logger, options.host, dispatcher, clock);
  runtimes.event_sources.Start(
      {.store = store.get(),
       .invoker = &dispatcher,
       .clock = &clock,
       .log = [&logger](const std::string& line) { logger.Log(LogLevel::kInfo, line); }},
      waits);
  runtimes.cloudformation.worker.Start();
  logger.Log(
      LogLevel::kInfo,
      fmt::format("terrarium {} listening on {}:{} ({} state{})", TERRARIUM_VERSION, options.host,
                  server.port(), store->persistent() ? "persistent" : "ephemeral",
                  store->persistent() ? " in " + store->Dir().string() : ""));
  hooks.Start(LocalEndpoint(options.host, server.port()));
  // Service upkeep (TTL deletions) once a second, off the request threads; stopped (and
  // joined) before the store closes.
  std::jthread maintenance([&](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (true) {
      wake.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
      if (stop.stop_requested()) return;
      server.ReportStuckHandlers(kStuckHandlerThreshold);
      try {
        RunMaintenance(*store, clock, &waits);
      } catch (const std::exception& e) {
        logger.Log(LogLevel::kError, std::string("maintenance: ") + e.what());
      }
    }
  });
  server.Run(/*handle_signals=*/true);
  maintenance.request_stop();
  maintenance.join();
  // The stack worker finishes its current job (it calls the dispatcher) before anything goes.
  runtimes.cloudformation.worker.Shutdown();
  // The pollers may be waiting for a function: the runtime's shutdown ends that wait.
  runtimes.event_sources.RequestStop();
  runtimes.lambda.Shutdown();
  runtimes.event_sources.Stop();
  logger.Log(LogLevel::kInfo, "terrarium stopped");
  return 0;
}

}  // namespace terrarium::app
