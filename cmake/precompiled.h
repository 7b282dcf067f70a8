// The headers nearly every translation unit parses, precompiled once per build
// (cmake/build_speed.cmake). Only third-party and standard headers: a project header here
// would rebuild everything whenever it changes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
