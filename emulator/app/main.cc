#include "emulator/app/cli.h"

int main(int argc, char** argv) { return terrarium::app::RunCli(argc, argv); }
