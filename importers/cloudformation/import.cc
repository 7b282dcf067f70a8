#include "importers/cloudformation/import.h"

#include "iac/sam_transform.h"
#include "importers/cloudformation/template_loader.h"

namespace terrarium::importers {

iac::Template ImportCloudFormation(std::string_view body) {
  return ImportCloudFormationWithTransforms(body).tmpl;
}

ImportedTemplate ImportCloudFormationWithTransforms(std::string_view body) {
  LoadedTemplate loaded = LoadTemplate(body);
  ImportedTemplate out;
  try {
    if (loaded.document.is_object() && loaded.document.contains("Transform")) {
      const nlohmann::json& declared = loaded.document["Transform"];
      for (const auto& t : declared.is_array() ? declared : nlohmann::json::array({declared})) {
        out.declared_transforms.push_back(iac::ScalarText(t));
      }
    }
    out.processed = iac::ApplyTransforms(loaded.document);
    out.tmpl = iac::ParseTemplate(out.processed, loaded.lines);
  } catch (iac::TemplateError& e) {
    // The transform does not see the source map; its errors name a path only.
    if (e.line == 0 && !e.path.empty()) e.line = loaded.lines.LineOf(e.path);
    throw;
  }
  return out;
}

}  // namespace terrarium::importers
