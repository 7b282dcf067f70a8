// The `terrarium` command line: serve, coverage, and the IaC client commands.
#pragma once

namespace terrarium::app {

int RunCli(int argc, char** argv);

}  // namespace terrarium::app
