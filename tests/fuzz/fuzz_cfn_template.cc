// CloudFormation templates, JSON or YAML: loaded, parsed, parameters and conditions resolved,
// then every resource's properties and the outputs evaluated (the intrinsics) before any
// resource exists.
#include "iac/stack_evaluation.h"
#include "iac/template.h"
#include "importers/cloudformation/template_loader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace terrarium;
  try {
    importers::LoadedTemplate loaded = importers::LoadTemplate(fuzz::AsText(data, size));
    iac::Template parsed = iac::ParseTemplate(loaded.document, loaded.lines);
    iac::StackContext stack;
    stack.stack_name = "fuzz";
    stack.scope = Scope{"123456789012", "us-east-1"};
    stack.stack_id = iac::MakeStackId(stack.scope, "fuzz", "11111111-2222-3333-4444-555555555555");
    iac::StackEvaluation evaluation(std::move(parsed), {}, stack);
    iac::ResourceGraph graph = evaluation.Graph();
    iac::MapResourceState state;
    for (const auto& [id, node] : graph.nodes()) {
      std::set<std::string> pending;
      evaluation.ResolveProperties(node, state, &pending);
    }
    evaluation.ResolveOutputs(state, true);
  } catch (const AwsError&) {
  }
  return 0;
}
