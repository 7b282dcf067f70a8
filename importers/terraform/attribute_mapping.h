// Helpers shared by the per-type mappings: Terraform attribute (snake_case, nested blocks as
// one-element lists, JSON documents as strings) -> CloudFormation property.
#pragma once

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace terrarium::importers::tf {

// Whether Terraform's value means "not set": null, "", an empty list or map.
bool Unset(const nlohmann::json& value);

// props[cfn] = attrs[tf] when set.
void CopyIfSet(const nlohmann::json& attrs, const char* tf, nlohmann::json& props, const char* cfn);

// CopyIfSet for each {tf, cfn} pair: a type's plain attributes as one table.
struct FieldRename {
  const char* tf;
  const char* cfn;
};
void CopyFieldsIfSet(const nlohmann::json& attrs, std::initializer_list<FieldRename> fields,
                     nlohmann::json& props);

// props[cfn] = attrs[tf] when it is true (Terraform writes false for flags never set).
void CopyIfTrue(const nlohmann::json& attrs, const char* tf, nlohmann::json& props,
                const char* cfn);

// The first element of a nested block (Terraform stores single blocks as lists), or null.
const nlohmann::json& Block(const nlohmann::json& attrs, const char* tf);

// A policy document Terraform keeps as a JSON string, as the object CloudFormation takes; a
// string that is not JSON is returned unchanged so the service reports it.
nlohmann::json JsonDocument(const nlohmann::json& text);

// Terraform's tags map {"k": "v"} -> CloudFormation's [{"Key": "k", "Value": "v"}] in key order.
void CopyTags(const nlohmann::json& attrs, nlohmann::json& props);

}  // namespace terrarium::importers::tf
