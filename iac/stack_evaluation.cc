#include "iac/stack_evaluation.h"

#include "iac/intrinsics.h"

namespace terrarium::iac {

using nlohmann::json;

StackEvaluation::StackEvaluation(Template t,
                                 const std::map<std::string, std::string, std::less<>>& parameters,
                                 StackContext stack, ExportLookup exports)
    : template_(std::move(t)), stack_(std::move(stack)), exports_(std::move(exports)) {
  parameters_ = ResolveParameters(template_, parameters);
  conditions_ = EvaluateConditions(template_, parameters_, stack_);
}

EvalContext StackEvaluation::Context(const ResourceState* state, Section section,
                                     bool allow_pending) const {
  EvalContext ctx{template_, parameters_, stack_, LookupIn(template_, conditions_)};
  ctx.resources = state;
  ctx.exports = exports_;
  ctx.section = section;
  ctx.allow_pending = allow_pending;
  return ctx;
}

json StackEvaluation::ResolveProperties(const ResourceNode& node, const ResourceState& state,
                                        std::set<std::string>* pending) const {
  const EvalContext ctx = Context(&state, Section::kResources, pending != nullptr);
  const std::string base = PointerChild(PointerChild("/Resources", node.logical_id), "Properties");
  json out = json::object();
  for (const auto& [name, value] : node.properties.items()) {
    try {
      json v = Evaluate(value, ctx, PointerChild(base, name));
      if (!v.is_discarded()) out[name] = std::move(v);
    } catch (const PendingValue&) {
      out[name] = value;
      pending->insert(name);
    }
  }
  return out;
}

std::vector<ResolvedOutput> StackEvaluation::ResolveOutputs(const ResourceState& state,
                                                            bool allow_pending) const {
  const EvalContext ctx = Context(&state, Section::kOutputs, allow_pending);
  std::vector<ResolvedOutput> out;
  for (const OutputDecl& decl : template_.outputs) {
    const std::string pointer = PointerChild("/Outputs", decl.name);
    if (decl.condition && !ctx.condition(*decl.condition, PointerChild(pointer, "Condition"))) {
      continue;
    }
    ResolvedOutput output;
    output.name = decl.name;
    output.description = decl.description;
    try {
      output.value = Evaluate(decl.value, ctx, PointerChild(pointer, "Value"));
      if (decl.export_name) {
        json name = Evaluate(*decl.export_name, ctx, PointerChild(pointer, "Export"));
        if (!name.is_string() || name.get<std::string>().empty()) {
          throw template_.ErrorAt("Template format error: Output " + decl.name +
                                      " is malformed. The Name field of every Export member must "
                                      "be specified and consist only of alphanumeric characters, "
                                      "colons, or hyphens.",
                                  PointerChild(pointer, "Export"));
        }
        output.export_name = name.get<std::string>();
      }
    } catch (const PendingValue&) {
      output.value = nullptr;
      output.pending = true;
    }
    out.push_back(std::move(output));
  }
  return out;
}

}  // namespace terrarium::iac
