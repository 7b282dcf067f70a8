// `terrarium state ...`: snapshot commands, clients of a running emulator's admin API
// (/_terrarium/state/...; see admin/state_api.h).
#pragma once

#include <CLI/CLI.hpp>

namespace terrarium::app {

// Adds the `state` command and its subcommands to `app`; when one runs, `exit_code` gets its
// result (0 ok, 1 the emulator refused or failed, 2 the emulator is unreachable).
void AddStateCommands(CLI::App& app, int& exit_code);

}  // namespace terrarium::app
