#include "importers/cloudformation/import.h"

#include "iac/sam_transform.h"
#include "importers/cloudformation/template_loader.h"

namespace terrarium::importers {

iac::Template ImportCloudFormation(std::string_view body) {
  LoadedTemplate loaded = LoadTemplate(body);
  try {
    return iac::ParseTemplate(iac::ApplyTransforms(loaded.document), loaded.lines);
  } catch (iac::TemplateError& e) {
    // The transform does not see the source map; its errors name a path only.
    if (e.line == 0 && !e.path.empty()) e.line = loaded.lines.LineOf(e.path);
    throw;
  }
}

}  // namespace terrarium::importers
