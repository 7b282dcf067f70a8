// One factory per built-in provider, each defined beside its provider; builtin_providers.cc
// lists them.
#pragma once

#include <memory>

#include "iac/resource_provider.h"

namespace terrarium::iac::providers {

std::unique_ptr<ResourceProvider> MakeS3BucketProvider();
std::unique_ptr<ResourceProvider> MakeS3BucketPolicyProvider();
std::unique_ptr<ResourceProvider> MakeS3ObjectProvider();
std::unique_ptr<ResourceProvider> MakeSqsQueueProvider();
std::unique_ptr<ResourceProvider> MakeSqsQueuePolicyProvider();
std::unique_ptr<ResourceProvider> MakeDynamoDbTableProvider();
std::unique_ptr<ResourceProvider> MakeLambdaFunctionProvider();
std::unique_ptr<ResourceProvider> MakeLambdaVersionProvider();
std::unique_ptr<ResourceProvider> MakeLambdaAliasProvider();
std::unique_ptr<ResourceProvider> MakeLambdaPermissionProvider();
std::unique_ptr<ResourceProvider> MakeLambdaEventSourceMappingProvider();
std::unique_ptr<ResourceProvider> MakeIamRoleProvider();
std::unique_ptr<ResourceProvider> MakeIamPolicyProvider();
std::unique_ptr<ResourceProvider> MakeIamRolePolicyProvider();
std::unique_ptr<ResourceProvider> MakeIamManagedPolicyProvider();
std::unique_ptr<ResourceProvider> MakeIamInstanceProfileProvider();
std::unique_ptr<ResourceProvider> MakeWaitConditionHandleProvider();

}  // namespace terrarium::iac::providers
