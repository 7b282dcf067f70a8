// What the evaluator needs to know about resources that exist: their physical id (what Ref
// returns) and attributes (what Fn::GetAtt returns). The applier fills one in as it creates
// resources; a stored stack provides one for updates and deletes.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace terrarium::iac {

struct ResourceRecord {
  std::string physical_id;
  // Attribute name (as Fn::GetAtt spells it, e.g. "Arn", "Endpoint.Address") -> value.
  nlohmann::json attributes = nlohmann::json::object();
};

class ResourceState {
 public:
  virtual ~ResourceState() = default;
  // A copy of the record of `logical_id`, or false when it does not exist (yet).
  virtual bool Find(std::string_view logical_id, ResourceRecord& out) const = 0;
};

// A ResourceState in memory; safe to fill from several threads while others read it.
class MapResourceState final : public ResourceState {
 public:
  void Set(const std::string& logical_id, ResourceRecord record) {
    std::lock_guard lock(mutex_);
    records_[logical_id] = std::move(record);
  }
  void Erase(std::string_view logical_id) {
    std::lock_guard lock(mutex_);
    auto it = records_.find(logical_id);
    if (it != records_.end()) records_.erase(it);
  }
  bool Find(std::string_view logical_id, ResourceRecord& out) const override {
    std::lock_guard lock(mutex_);
    auto it = records_.find(logical_id);
    if (it == records_.end()) return false;
    out = it->second;
    return true;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, ResourceRecord, std::less<>> records_;
};

}  // namespace terrarium::iac
