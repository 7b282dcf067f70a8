#include "emulator/services/lambda/paging.h"

#include <string>

#include "emulator/core/aws_error.h"

namespace terrarium::services::lambda {

nlohmann::json PageByIndex(const nlohmann::json& items, const nlohmann::json& input,
                           const char* key) {
  constexpr size_t kDefaultListItems = 50;
  size_t start = 0;
  if (input.contains("Marker")) {
    try {
      start = std::stoul(input["Marker"].get<std::string>());
    } catch (const std::exception&) {
      throw AwsError("InvalidParameterValueException", "Invalid marker");
    }
  }
  size_t limit = input.contains("MaxItems") ? input["MaxItems"].get<size_t>() : kDefaultListItems;
  nlohmann::json output = {{key, nlohmann::json::array()}};
  for (size_t i = start; i < items.size() && i < start + limit; ++i) {
    output[key].push_back(items[i]);
  }
  if (start + limit < items.size()) output["NextMarker"] = std::to_string(start + limit);
  return output;
}

}  // namespace terrarium::services::lambda
