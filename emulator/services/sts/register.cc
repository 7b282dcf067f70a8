#include "emulator/services/sts/identity_ops.h"
#include "emulator/services/sts/sts.h"

namespace terrarium::services::sts {

void Register(dispatch::OperationTable& table) {
  table.ValidateWithModel("sts", "ValidationError");
  table.Register("sts", {
                            {"GetCallerIdentity", &GetCallerIdentity},
                            {"GetAccessKeyInfo", &GetAccessKeyInfo},
                            {"AssumeRole", &AssumeRole},
                            {"GetSessionToken", &GetSessionToken},
                        });
}

}  // namespace terrarium::services::sts
