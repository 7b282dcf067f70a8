// Parity (every provider): CloudFormation also tags what it creates with
// aws:cloudformation:stack-name, stack-id and logical-id; Terrarium's providers add only the
// template's Tags. Queue URLs name the host the request that started the work addressed
// (ProviderContext::host), as SQS answers a client.
#include "iac/providers/builtin_providers.h"

#include "iac/providers/provider_factories.h"

namespace terrarium::iac {

void AddBuiltinProviders(ProviderRegistry& registry) {
  using namespace providers;
  for (auto make :
       {MakeS3BucketProvider, MakeS3BucketPolicyProvider, MakeS3ObjectProvider,
        MakeSqsQueueProvider, MakeSqsQueuePolicyProvider, MakeDynamoDbTableProvider,
        MakeLambdaFunctionProvider, MakeLambdaVersionProvider, MakeLambdaAliasProvider,
        MakeLambdaPermissionProvider, MakeLambdaEventSourceMappingProvider, MakeIamRoleProvider,
        MakeIamPolicyProvider, MakeIamRolePolicyProvider, MakeIamManagedPolicyProvider,
        MakeIamInstanceProfileProvider, MakeWaitConditionHandleProvider}) {
    registry.Add(make());
  }
}

}  // namespace terrarium::iac
