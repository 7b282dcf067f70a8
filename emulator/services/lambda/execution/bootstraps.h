// The runtime loops Terrarium ships for python and node (services/lambda/runtimes/), embedded in
// the binary by emulator/CMakeLists.txt and written to the runtime's work directory at start.
#pragma once

#include <string_view>

namespace terrarium::services::lambda {

std::string_view PythonBootstrap();
std::string_view NodeBootstrap();

}  // namespace terrarium::services::lambda
