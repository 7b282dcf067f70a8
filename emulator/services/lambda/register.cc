#include "emulator/services/lambda/lambda.h"
#include "emulator/services/lambda/lambda_ops.h"

namespace terrarium::services::lambda {
namespace {

using RuntimeOp = json (*)(RequestContext&, const json&, LambdaRuntime&);

dispatch::Handler With(RuntimeOp op, LambdaRuntime& runtime) {
  return [op, &runtime](RequestContext& ctx, const json& input) { return op(ctx, input, runtime); };
}

}  // namespace

void Register(dispatch::OperationTable& table, LambdaRuntime& runtime) {
  table.ValidateWithModel("lambda", "ValidationException");
  table.Register("lambda",
                 {
                     {"CreateFunction", &CreateFunction},
                     {"GetFunction", &GetFunction},
                     {"GetFunctionConfiguration", &GetFunctionConfiguration},
                     {"UpdateFunctionCode", With(&UpdateFunctionCode, runtime)},
                     {"UpdateFunctionConfiguration", With(&UpdateFunctionConfiguration, runtime)},
                     {"DeleteFunction", With(&DeleteFunction, runtime)},
                     {"ListFunctions", &ListFunctions},
                     {"GetFunctionCodeSigningConfig", &GetFunctionCodeSigningConfig},
                     {"TagResource", &TagResource},
                     {"UntagResource", &UntagResource},
                     {"ListTags", &ListTags},
                     {"PublishVersion", &PublishVersion},
                     {"ListVersionsByFunction", &ListVersionsByFunction},
                     {"CreateAlias", &CreateAlias},
                     {"GetAlias", &GetAlias},
                     {"UpdateAlias", &UpdateAlias},
                     {"DeleteAlias", &DeleteAlias},
                     {"ListAliases", &ListAliases},
                     {"AddPermission", &AddPermission},
                     {"RemovePermission", &RemovePermission},
                     {"GetPolicy", &GetPolicy},
                     {"Invoke", With(&Invoke, runtime)},
                     {"CreateEventSourceMapping", &CreateEventSourceMapping},
                     {"GetEventSourceMapping", &GetEventSourceMapping},
                     {"UpdateEventSourceMapping", &UpdateEventSourceMapping},
                     {"DeleteEventSourceMapping", &DeleteEventSourceMapping},
                     {"ListEventSourceMappings", &ListEventSourceMappings},
                     {"PutFunctionEventInvokeConfig", &PutFunctionEventInvokeConfig},
                     {"UpdateFunctionEventInvokeConfig", &UpdateFunctionEventInvokeConfig},
                     {"GetFunctionEventInvokeConfig", &GetFunctionEventInvokeConfig},
                     {"DeleteFunctionEventInvokeConfig", &DeleteFunctionEventInvokeConfig},
                     {"ListFunctionEventInvokeConfigs", &ListFunctionEventInvokeConfigs},
                     {"PutFunctionConcurrency", &PutFunctionConcurrency},
                     {"GetFunctionConcurrency", &GetFunctionConcurrency},
                     {"DeleteFunctionConcurrency", &DeleteFunctionConcurrency},
                     {"CreateFunctionUrlConfig", &CreateFunctionUrlConfig},
                     {"GetFunctionUrlConfig", &GetFunctionUrlConfig},
                     {"UpdateFunctionUrlConfig", &UpdateFunctionUrlConfig},
                     {"DeleteFunctionUrlConfig", &DeleteFunctionUrlConfig},
                     {"ListFunctionUrlConfigs", &ListFunctionUrlConfigs},
                     {"PublishLayerVersion", &PublishLayerVersion},
                     {"GetLayerVersion", &GetLayerVersion},
                     {"GetLayerVersionByArn", &GetLayerVersionByArn},
                     {"ListLayerVersions", &ListLayerVersions},
                     {"ListLayers", &ListLayers},
                     {"DeleteLayerVersion", &DeleteLayerVersion},
                     {"AddLayerVersionPermission", &AddLayerVersionPermission},
                     {"RemoveLayerVersionPermission", &RemoveLayerVersionPermission},
                     {"GetLayerVersionPolicy", &GetLayerVersionPolicy},
                 });
}

}  // namespace terrarium::services::lambda
