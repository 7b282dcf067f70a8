#include "emulator/services/iam/pagination.h"

#include <algorithm>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"

namespace terrarium::services::iam {

nlohmann::json PageOf(KeyedItems items, const nlohmann::json& input, std::string_view list_member) {
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  auto begin = items.begin();
  if (input.contains("Marker")) {
    std::optional<std::string> start = Base64Decode(input["Marker"].get<std::string>());
    if (!start) throw AwsError("ValidationError", "Invalid Marker.", 400);
    begin =
        std::lower_bound(items.begin(), items.end(), *start,
                         [](const auto& item, const std::string& key) { return item.first < key; });
  }
  size_t max_items =
      input.contains("MaxItems") ? input["MaxItems"].get<size_t>() : kDefaultMaxItems;
  nlohmann::json list = nlohmann::json::array();
  auto it = begin;
  for (; it != items.end() && list.size() < max_items; ++it) list.push_back(std::move(it->second));
  nlohmann::json output = {{std::string(list_member), std::move(list)},
                           {"IsTruncated", it != items.end()}};
  if (it != items.end()) output["Marker"] = Base64Encode(it->first);
  return output;
}

}  // namespace terrarium::services::iam
