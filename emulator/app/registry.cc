#include "emulator/app/registry.h"

#include "emulator/services/lambda/lambda.h"
#include "emulator/services/sqs/sqs.h"
#include "emulator/services/sts/sts.h"

namespace terrarium::app {

void RegisterServices(dispatch::OperationTable& table, ServiceRuntimes& runtimes) {
  services::lambda::Register(table, runtimes.lambda);
  services::sqs::Register(table);
  services::sts::Register(table);
}

}  // namespace terrarium::app
