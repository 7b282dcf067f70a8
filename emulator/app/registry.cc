#include "emulator/app/registry.h"

#include "emulator/services/iam/iam.h"
#include "emulator/services/sts/sts.h"

namespace terrarium::app {

void RegisterServices(dispatch::OperationTable& table) {
  services::sts::Register(table);
  services::iam::Register(table);
}

}  // namespace terrarium::app
