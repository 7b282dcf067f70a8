// Parity: TemplateURL is read from the emulated S3 whatever its host (any endpoint, virtual-
// hosted or path style, or s3://), in the caller's account; AWS reads only from real S3.
#include "emulator/services/cloudformation/template_input.h"

#include <algorithm>

#include "emulator/core/aws_error.h"
#include "emulator/core/url.h"

namespace terrarium::services::cloudformation {
namespace {

using nlohmann::json;

bool Has(const json& input, const char* name) {
  return input.contains(name) && input[name].is_string() && !input[name].get<std::string>().empty();
}

// IAM types and, for each, the property that names the resource (CAPABILITY_NAMED_IAM).
const std::map<std::string, std::string, std::less<>>& IamTypes() {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {"AWS::IAM::AccessKey", ""},
      {"AWS::IAM::Group", "GroupName"},
      {"AWS::IAM::GroupPolicy", ""},
      {"AWS::IAM::InstanceProfile", "InstanceProfileName"},
      {"AWS::IAM::ManagedPolicy", "ManagedPolicyName"},
      {"AWS::IAM::Policy", ""},
      {"AWS::IAM::Role", "RoleName"},
      {"AWS::IAM::RolePolicy", ""},
      {"AWS::IAM::User", "UserName"},
      {"AWS::IAM::UserPolicy", ""},
      {"AWS::IAM::UserToGroupAddition", ""},
  };
  return kTypes;
}

bool Contains(const json& list, std::string_view value) {
  if (!list.is_array()) return false;
  return std::any_of(list.begin(), list.end(), [&](const json& v) { return v == value; });
}

}  // namespace

bool ParseTemplateUrl(const std::string& url, std::string& bucket, std::string& key) {
  std::string_view rest(url);
  bool s3_scheme = false;
  if (rest.starts_with("s3://")) {
    s3_scheme = true;
    rest.remove_prefix(5);
  } else if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return false;
  }
  rest = rest.substr(0, rest.find_first_of("?#"));
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view host = rest.substr(0, slash);
  std::string_view path = rest.substr(slash + 1);
  if (s3_scheme) {
    bucket = std::string(host);
    key = PercentDecode(path);
  } else if (auto dot = host.find(".s3"); dot != std::string_view::npos && dot > 0) {
    bucket = std::string(host.substr(0, dot));
    key = PercentDecode(path);
  } else {
    auto next = path.find('/');
    if (next == std::string_view::npos) return false;
    bucket = std::string(path.substr(0, next));
    key = PercentDecode(path.substr(next + 1));
  }
  return !bucket.empty() && !key.empty();
}

std::string TemplateBodyOf(RequestContext& ctx, const json& input) {
  const bool body = Has(input, "TemplateBody");
  const bool url = Has(input, "TemplateURL");
  if (body && url) {
    throw AwsError("ValidationError", "Specify exactly one of TemplateBody or TemplateUrl.");
  }
  if (body) return input["TemplateBody"].get<std::string>();
  if (!url) {
    throw AwsError("ValidationError", "Either Template URL or Template Body must be specified.");
  }
  std::string bucket, key;
  const std::string location = input["TemplateURL"].get<std::string>();
  if (!ParseTemplateUrl(location, bucket, key)) {
    throw AwsError("ValidationError", "TemplateURL must be a supported URL.");
  }
  if (ctx.invoker == nullptr) {
    throw AwsError("ValidationError", "TemplateURL cannot be read here: use TemplateBody.");
  }
  Body content;
  try {
    ctx.invoker->Invoke("s3", "GetObject", {{"Bucket", bucket}, {"Key", key}}, ctx.scope,
                        InvokePayloads{{}, &content});
  } catch (const AwsError& e) {
    throw AwsError("ValidationError", "S3 error: " + e.message);
  }
  return content.ReadAll();
}

importers::ImportedTemplate ParseTemplateBody(const std::string& body) {
  return importers::ImportCloudFormationWithTransforms(body);
}

RequiredCapabilities CapabilitiesOf(const importers::ImportedTemplate& t) {
  RequiredCapabilities out;
  std::vector<std::string> types;
  bool named = false;
  for (const auto& [id, r] : t.tmpl.resources) {
    auto it = IamTypes().find(r.type);
    if (it == IamTypes().end()) continue;
    if (std::find(types.begin(), types.end(), r.type) == types.end()) types.push_back(r.type);
    if (!it->second.empty() && r.properties.contains(it->second)) named = true;
  }
  if (types.empty()) return out;
  out.capabilities.push_back(named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM");
  out.reason = "The following resource(s) require capabilities: [" + iac::JoinNames(types) + "]";
  return out;
}

void CheckCapabilities(const importers::ImportedTemplate& t, const json& given, bool expand) {
  if (expand && !t.declared_transforms.empty() && !Contains(given, "CAPABILITY_AUTO_EXPAND")) {
    throw AwsError("InsufficientCapabilitiesException",
                   "Requires capabilities : [CAPABILITY_AUTO_EXPAND]");
  }
  for (const auto& needed : CapabilitiesOf(t).capabilities) {
    bool ok = Contains(given, needed) ||
              (needed == "CAPABILITY_IAM" && Contains(given, "CAPABILITY_NAMED_IAM"));
    if (!ok) {
      throw AwsError("InsufficientCapabilitiesException",
                     "Requires capabilities : [" + needed + "]");
    }
  }
}

GivenParameters ParametersOf(const json& input, const json& previous) {
  GivenParameters out;
  for (const auto& p : input.value("Parameters", json::array())) {
    const std::string name = p.value("ParameterKey", "");
    if (name.empty()) continue;
    if (p.value("UsePreviousValue", false)) {
      bool found = false;
      for (const auto& old : previous.is_array() ? previous : json::array()) {
        if (old.value("ParameterKey", "") == name) {
          out[name] = old.value("ParameterValue", "");
          found = true;
        }
      }
      if (!found) {
        throw AwsError("ValidationError", "Invalid input for parameter key " + name +
                                              ". Cannot specify usePreviousValue as true for a "
                                              "parameter key not in the previous template");
      }
      continue;
    }
    if (p.contains("ParameterValue")) {
      out[name] = p["ParameterValue"].get<std::string>();
    }
  }
  return out;
}

}  // namespace terrarium::services::cloudformation
