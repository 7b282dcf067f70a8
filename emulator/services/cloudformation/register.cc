#include "emulator/services/cloudformation/cloudformation.h"
#include "emulator/services/cloudformation/ops.h"

namespace terrarium::services::cloudformation {

void Register(dispatch::OperationTable& table, CloudFormationRuntime& runtime) {
  table.ValidateWithModel("cloudformation", "ValidationError");
  // Operations that start a stack operation reach the worker and the providers.
  auto with_runtime = [&runtime](json (*op)(RequestContext&, const json&, CloudFormationRuntime&)) {
    return
        [&runtime, op](RequestContext& ctx, const json& input) { return op(ctx, input, runtime); };
  };
  table.Register("cloudformation",
                 {
                     {"CreateStack", with_runtime(&CreateStack)},
                     {"UpdateStack", with_runtime(&UpdateStack)},
                     {"DeleteStack", with_runtime(&DeleteStack)},
                     {"DescribeStacks", &DescribeStacks},
                     {"ListStacks", &ListStacks},
                     {"DescribeStackEvents", &DescribeStackEvents},
                     {"DescribeStackResource", &DescribeStackResource},
                     {"DescribeStackResources", &DescribeStackResources},
                     {"ListStackResources", &ListStackResources},
                     {"GetTemplate", &GetTemplate},
                     {"GetTemplateSummary", &GetTemplateSummary},
                     {"ValidateTemplate", &ValidateTemplate},
                     {"ListExports", &ListExports},
                     {"ListImports", &ListImports},
                     {"CreateChangeSet", with_runtime(&CreateChangeSet)},
                     {"DescribeChangeSet", &DescribeChangeSet},
                     {"ExecuteChangeSet", with_runtime(&ExecuteChangeSet)},
                     {"DeleteChangeSet", &DeleteChangeSet},
                     {"ListChangeSets", &ListChangeSets},
                     {"DetectStackDrift", with_runtime(&DetectStackDrift)},
                     {"DescribeStackDriftDetectionStatus", &DescribeStackDriftDetectionStatus},
                     {"DescribeStackResourceDrifts", &DescribeStackResourceDrifts},
                     {"DetectStackResourceDrift", with_runtime(&DetectStackResourceDrift)},
                 });
}

}  // namespace terrarium::services::cloudformation
