#include "emulator/app/registry.h"

#include "emulator/services/lambda/lambda.h"
#include "emulator/services/sts/sts.h"

namespace terrarium::app {

void RegisterServices(dispatch::OperationTable& table, ServiceRuntimes& runtimes) {
  services::sts::Register(table);
  services::lambda::Register(table, runtimes.lambda);
}

}  // namespace terrarium::app
