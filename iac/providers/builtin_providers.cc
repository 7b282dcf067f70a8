#include "iac/providers/builtin_providers.h"

#include "iac/providers/provider_factories.h"

namespace terrarium::iac {

void AddBuiltinProviders(ProviderRegistry& registry) {
  using namespace providers;
  for (auto make :
       {MakeS3BucketProvider, MakeS3BucketPolicyProvider, MakeSqsQueueProvider,
        MakeSqsQueuePolicyProvider, MakeDynamoDbTableProvider, MakeLambdaFunctionProvider,
        MakeLambdaVersionProvider, MakeLambdaAliasProvider, MakeLambdaPermissionProvider,
        MakeLambdaEventSourceMappingProvider, MakeIamRoleProvider, MakeIamPolicyProvider,
        MakeIamRolePolicyProvider, MakeIamManagedPolicyProvider, MakeIamInstanceProfileProvider,
        MakeWaitConditionHandleProvider}) {
    registry.Add(make());
  }
}

}  // namespace terrarium::iac
