#include "emulator/app/registry.h"

#include "emulator/services/cloudformation/cloudformation.h"
#include "emulator/services/dynamodb/dynamodb.h"
#include "emulator/services/dynamodbstreams/dynamodbstreams.h"
#include "emulator/services/iam/iam.h"
#include "emulator/services/lambda/lambda.h"
#include "emulator/services/s3/s3.h"
#include "emulator/services/sqs/sqs.h"
#include "emulator/services/sts/sts.h"
#include "iac/providers/builtin_providers.h"

namespace terrarium::app {

void RegisterServices(dispatch::OperationTable& table, ServiceRuntimes& runtimes) {
  iac::AddBuiltinProviders(runtimes.cloudformation.providers);
  services::cloudformation::Register(table, runtimes.cloudformation);
  services::dynamodb::Register(table);
  services::dynamodbstreams::Register(table);
  services::iam::Register(table);
  services::lambda::Register(table, runtimes.lambda);
  services::s3::Register(table);
  services::sqs::Register(table);
  services::sts::Register(table);
}

void RunMaintenance(storage::Store& store, const Clock& clock, WaitHub* waits) {
  services::dynamodb::RunMaintenance(store, clock.EpochSeconds());
  auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
  for (const auto& key : services::sqs::RunMaintenance(store, now_ms)) {
    if (waits != nullptr) waits->Notify(key);
  }
}

}  // namespace terrarium::app
