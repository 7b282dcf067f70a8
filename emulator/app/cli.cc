#include "emulator/app/cli.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "emulator/app/apply_template.h"
#include "emulator/app/coverage.h"
#include "emulator/app/drift_command.h"
#include "emulator/app/import_command.h"
#include "emulator/app/registry.h"
#include "emulator/app/serve.h"
#include "emulator/app/state_cli.h"

namespace terrarium::app {
namespace {

// The bounds of docs/cli.md ("Resource limits"); each also read from its environment variable.
void AddLimitOptions(CLI::App& serve, ServeOptions& options) {
  serve
      .add_option("--max-connections", options.max_connections,
                  "Open connections; more are closed at once (default: from the file "
                  "descriptor limit, at most 16384)")
      ->envname("TERRARIUM_MAX_CONNECTIONS");
  serve
      .add_option("--max-pending-polls", options.limits.max_pending_polls,
                  "Waiting SQS receives and Lambda invokes; more answer at once")
      ->envname("TERRARIUM_MAX_PENDING_POLLS")
      ->capture_default_str();
  serve
      .add_option("--max-multipart-uploads", options.limits.max_multipart_uploads_per_bucket,
                  "Multipart uploads in progress per bucket")
      ->envname("TERRARIUM_MAX_MULTIPART_UPLOADS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      .add_option("--max-request-body", options.limits.max_request_body,
                  "Largest request body (bytes) of services without a limit of their own")
      ->envname("TERRARIUM_MAX_REQUEST_BODY")
      ->capture_default_str();
  serve
      .add_option("--max-lambda-environments", options.max_lambda_environments,
                  "Lambda execution environments (processes); more invocations queue")
      ->envname("TERRARIUM_MAX_LAMBDA_ENVIRONMENTS")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  serve
      .add_option("--lambda-concurrency", options.lambda_concurrency,
                  "Concurrent Lambda invocations; more are throttled (TooManyRequestsException)")
      ->envname("TERRARIUM_LAMBDA_CONCURRENCY")
      ->capture_default_str();
  serve
      .add_option("--max-queued-events", options.max_queued_events,
                  "Asynchronous Lambda invocations waiting to run")
      ->envname("TERRARIUM_MAX_QUEUED_EVENTS")
      ->capture_default_str();
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"Terrarium: a local AWS emulator that understands infrastructure as code"};
  app.set_version_flag("--version", TERRARIUM_VERSION);
  app.require_subcommand(1);

  ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve", "Run the emulator");
  auto* host = serve->add_option("--host", serve_options.host,
                                 "Address to listen on (default 127.0.0.1; 0.0.0.0 for all)");
  auto* port = serve->add_option("--port", serve_options.port, "Port (default 4566)");
  auto* dir = serve->add_option("--data-dir", serve_options.data_dir,
                                "Keep state in this directory across restarts (default: "
                                "ephemeral)");
  serve->add_option("--log-level", serve_options.log_level, "debug, info, warn or error")
      ->capture_default_str();
  serve->add_option("--threads", serve_options.threads, "I/O threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();

  serve->add_option("--state-repo", serve_options.state_repo,
                    "Snapshot git repository (default: <data-dir>/snapshots.git, or "
                    "~/.local/share/terrarium/snapshots.git when ephemeral)");
  serve->add_option("--snapshot", serve_options.snapshot, "Start from this snapshot");
  serve->add_option("--init-dir", serve_options.init_dir,
                    "Run the executable files of this folder once ready (default: "
                    "/etc/localstack/init/ready.d when it exists)");
  serve->add_flag("--no-init", serve_options.no_init, "Run no init hooks");
  AddLimitOptions(*serve, serve_options);

  int state_exit_code = 0;
  AddStateCommands(app, state_exit_code);

  auto* coverage = app.add_subcommand("coverage", "Print implemented operations per service");

  ApplyTemplateOptions apply_options;
  auto* apply = app.add_subcommand(
      "apply-template", "Create, update or delete a CloudFormation stack on a running emulator");
  apply->add_option("template", apply_options.template_path, "Template file (YAML or JSON)")
      ->required();
  apply->add_option("--stack-name", apply_options.stack_name,
                    "Stack name (default: the template file's name)");
  apply->add_option("--parameter", apply_options.parameters, "KEY=VALUE (repeatable)");
  apply->add_option("--parameters-file", apply_options.parameters_file,
                    "JSON file of parameters: {\"Key\": \"Value\"} or the aws CLI's list");
  apply->add_flag("--delete", apply_options.remove, "Delete the stack instead");
  apply->add_flag("--dry-run", apply_options.dry_run, "Print the change set, change nothing");
  apply->add_option("--endpoint", apply_options.endpoint,
                    "Emulator URL (default: AWS_ENDPOINT_URL, else http://localhost:4566)");

  DriftOptions drift_options;
  auto* drift = app.add_subcommand(
      "drift",
      "Compare a Terraform state or a stack with what a running emulator holds (exit 0 in "
      "sync, 2 drift, 1 error)");
  auto* tfstate = drift->add_option(
      "--tfstate", drift_options.tfstate_path,
      "terraform.tfstate or the output of terraform show -json, or s3://BUCKET/KEY in the "
      "emulator");
  auto* from_template = drift->add_option("--template", drift_options.template_path,
                                          "A CloudFormation template (YAML or JSON)");
  drift->add_option("--parameter", drift_options.parameters, "KEY=VALUE (repeatable)")
      ->needs(from_template);
  auto* stack = drift->add_option("--stack", drift_options.stack, "A CloudFormation stack's name");
  tfstate->excludes(stack)->excludes(from_template);
  from_template->excludes(stack);
  drift->add_option("--account", drift_options.account,
                    "Account of the stack or template (default 000000000000; a state's ARNs "
                    "say theirs)");
  drift->add_option("--region", drift_options.region,
                    "Region of the stack or template (default us-east-1)");
  drift->add_option("--format", drift_options.format, "table, json or junit")
      ->check(CLI::IsMember({"table", "json", "junit"}))
      ->capture_default_str();
  drift->add_option("--ignore", drift_options.ignore_path,
                    "File of patterns (type.name or type.name.Property, * wildcards) to ignore");
  drift->add_option("--endpoint", drift_options.endpoint,
                    "Emulator URL (default: AWS_ENDPOINT_URL, else http://localhost:4566)");

  ImportOptions import_options;
  auto* import = app.add_subcommand("import", "Import infrastructure into a running emulator");
  import->require_subcommand(1);
  auto* import_tfstate = import->add_subcommand(
      "tfstate", "Create what a Terraform state describes (one line per resource)");
  import_tfstate->add_option(
      "file", import_options.tfstate_path,
      "terraform.tfstate or the output of terraform show -json, or s3://BUCKET/KEY in the "
      "emulator");
  import_tfstate->add_option("--backend-bucket", import_options.backend_bucket,
                             "The emulator's S3 bucket holding the state (s3 backend)");
  import_tfstate->add_option("--backend-key", import_options.backend_key,
                             "The state's key in that bucket");
  import_tfstate->add_option("--account", import_options.account,
                             "Account for resources whose ARNs name none (default 000000000000)");
  import_tfstate->add_option("--region", import_options.region,
                             "Region for resources whose ARNs name none (default us-east-1)");
  import_tfstate->add_flag("--dry-run", import_options.dry_run,
                           "Say what would be created, change nothing");
  import_tfstate->add_option(
      "--endpoint", import_options.endpoint,
      "Emulator URL (default: AWS_ENDPOINT_URL, else http://localhost:4566)");

  CLI11_PARSE(app, argc, argv);

  if (*import_tfstate) return RunImportTfstate(import_options, stdout, stderr);

  if (*drift) return RunDrift(drift_options, stdout, stderr);

  if (*apply) return RunApplyTemplate(apply_options, stdout, stderr);

  if (*serve) {
    ApplyEnvironment(serve_options, host->count() > 0, port->count() > 0, dir->count() > 0);
    return RunServe(serve_options);
  }
  if (*coverage) {
    dispatch::OperationTable table;
    ServiceRuntimes runtimes;
    RegisterServices(table, runtimes);
    fmt::print("{}", CoverageMarkdown(table));
    return 0;
  }
  return state_exit_code;
}

}  // namespace terrarium::app
