// Terraform state -> its managed resource instances, whichever of the two forms Terraform writes:
// the state file itself (format version 4, "resources" with "instances") or the output of
// `terraform show -json` ("values.root_module" with nested "child_modules"). Data sources are
// not resources of the environment and are left out; everything else is returned, supported or
// not, so the importer can report what it skips.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::importers {

struct TfInstance {
  std::string address;        // module.app.aws_sqs_queue.jobs["a"]
  std::string module;         // module.app, empty at the root
  std::string type;           // aws_sqs_queue
  std::string name;           // jobs
  nlohmann::json index_key;   // null, a count number or a for_each key
  nlohmann::json attributes;  // the provider's attributes, as the state holds them
  // Resources this one depends on, as resource addresses without an instance key
  // (module.app.aws_iam_role.exec), the way the state records them.
  std::vector<std::string> depends_on;
};

// Throws std::invalid_argument with a message naming what is wrong (not JSON, an unsupported
// state version, a malformed resource).
std::vector<TfInstance> ReadTerraformState(std::string_view body);

// The resource address an instance belongs to: address without its [key].
std::string ResourceAddressOf(const TfInstance& instance);

}  // namespace terrarium::importers
