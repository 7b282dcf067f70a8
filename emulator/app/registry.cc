#include "emulator/app/registry.h"

#include "emulator/services/s3/s3.h"
#include "emulator/services/sts/sts.h"

namespace terrarium::app {

void RegisterServices(dispatch::OperationTable& table) {
  services::sts::Register(table);
  services::s3::Register(table);
}

}  // namespace terrarium::app
