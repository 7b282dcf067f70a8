// The resource providers Terrarium ships: one per CloudFormation type it can create.
#pragma once

#include "iac/resource_provider.h"

namespace terrarium::iac {

// Adds every built-in provider (AWS::S3::Bucket, AWS::SQS::Queue, ...) to `registry`.
void AddBuiltinProviders(ProviderRegistry& registry);

}  // namespace terrarium::iac
