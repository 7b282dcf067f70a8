// DynamoDB PartiQL statements, with two parameters for the ? placeholders.
#include "emulator/services/dynamodb/partiql.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace terrarium::services::dynamodb;
  static const nlohmann::json parameters = nlohmann::json::parse(R"([{"S": "x"}, {"N": "1"}])");
  try {
    ParsePartiql(terrarium::fuzz::AsText(data, size), parameters);
  } catch (const terrarium::AwsError&) {
  }
  return 0;
}
