// Parity: ListExports and ListImports answer everything in one page.
#include "emulator/core/aws_error.h"
#include "emulator/services/cloudformation/exports.h"
#include "emulator/services/cloudformation/ops.h"

namespace terrarium::services::cloudformation {

json ListExports(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  json exports = json::array();
  for (const auto& [name, e] : CollectExports(*txn, ctx.scope)) {
    exports.push_back({{"ExportingStackId", e.stack_id}, {"Name", name}, {"Value", e.value}});
  }
  return {{"Exports", exports}};
}

json ListImports(RequestContext& ctx, const json& input) {
  const std::string name = input.value("ExportName", "");
  auto txn = ctx.store->BeginRead();
  auto importers = ImportersOf(*txn, ctx.scope, name);
  if (importers.empty()) {
    throw AwsError("ValidationError", "Export '" + name + "' is not imported by any stack.");
  }
  return {{"Imports", importers}};
}

}  // namespace terrarium::services::cloudformation
