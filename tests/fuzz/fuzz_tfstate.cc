// Terraform state files (format 4, or `terraform show -json` output): read, imported into the
// declared-resource graph (type mappings, references turned into Ref / Fn::GetAtt, scopes from
// ARNs), turned into a template and into the resources drift compares against.
// std::invalid_argument is the reader's and importer's documented way to refuse a state.
#include <stdexcept>

#include "importers/terraform/import.h"
#include "importers/terraform/tfstate_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace terrarium;
  std::string_view text = fuzz::AsText(data, size);
  try {
    for (const auto& instance : importers::ReadTerraformState(text)) {
      importers::ResourceAddressOf(instance);
    }
    importers::TerraformImport imported = importers::ImportTerraformState(text);
    imported.Graph();
    imported.AsTemplate();
    importers::DeclaredForDrift(imported);
    for (const auto& resource : imported.resources) imported.Find(resource.node.logical_id);
  } catch (const std::invalid_argument&) {
  } catch (const AwsError&) {
  }
  return 0;
}
