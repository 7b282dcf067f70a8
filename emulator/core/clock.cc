#include "emulator/core/clock.h"

namespace terrarium {

double Clock::EpochSeconds() const {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Now().time_since_epoch());
  return static_cast<double>(ms.count()) / 1000.0;
}

}  // namespace terrarium
