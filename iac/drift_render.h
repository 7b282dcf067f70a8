// The drift report's three renderings: a table for terminals, JSON for programs (the shape is
// documented in docs/drift.md and kept stable), JUnit XML (one test case per resource) for CI.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "iac/drift.h"

namespace terrarium::iac {

// `colour`: ANSI colours on the status column, for a TTY only.
std::string RenderDriftTable(const DriftReport& report, bool colour);
nlohmann::json RenderDriftJson(const DriftReport& report);
std::string RenderDriftJUnit(const DriftReport& report);

}  // namespace terrarium::iac
