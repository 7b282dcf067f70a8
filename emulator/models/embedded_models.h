// The model files compiled into the binary (see CMakeLists.txt in this folder).
#pragma once

#include <vector>

namespace terrarium::models {

struct EmbeddedModel {
  const char* service;
  const char* model_json;     // NUL-terminated
  const char* override_json;  // NUL-terminated
};

const std::vector<EmbeddedModel>& EmbeddedModels();

}  // namespace terrarium::models
