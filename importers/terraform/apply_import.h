// Applies an imported Terraform state to the emulator: resources already present (their
// provider's Read finds the state's id) are left as they are, the others are created through
// the applier in dependency order, so re-running an import changes nothing. One line per
// resource for the report.
#pragma once

#include <string>
#include <vector>

#include "iac/resource_provider.h"
#include "importers/terraform/import.h"

namespace terrarium::importers {

struct ImportLine {
  std::string address;
  std::string type;     // the Terraform type for skipped ones, else the CloudFormation type
  std::string outcome;  // "created", "already present", "would create", "skipped", "failed"
  std::string detail;   // the reason or a note (e.g. Lambda code not imported)
};

struct ImportOutcome {
  bool ok = true;
  std::string reason;  // when not ok: the applier's reason (it rolled back what it created)
  std::vector<ImportLine> lines;
};

ImportOutcome ApplyImport(const TerraformImport& imported, const iac::ProviderRegistry& providers,
                          iac::ProviderContext base, bool dry_run);

}  // namespace terrarium::importers
