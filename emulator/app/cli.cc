#include "emulator/app/cli.h"

#include <CLI/CLI.hpp>

namespace terrarium::app {

int RunCli(int argc, char** argv) {
  CLI::App app{"Terrarium: a local AWS emulator that understands infrastructure as code"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}

}  // namespace terrarium::app
