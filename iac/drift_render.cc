#include "iac/drift_render.h"

#include <algorithm>
#include <map>

#include "emulator/protocols/xml_writer.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

std::string Shown(const json& value) {
  return value.is_null() ? "-" : value.is_string() ? value.get<std::string>() : value.dump();
}

std::string Coloured(std::string_view text, DriftStatus status, bool colour) {
  if (!colour) return std::string(text);
  const char* code = status == DriftStatus::kInSync     ? "\x1b[32m"
                     : status == DriftStatus::kModified ? "\x1b[33m"
                                                        : "\x1b[31m";
  return code + std::string(text) + "\x1b[0m";
}

std::string Padded(const std::string& text, std::size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

std::string Name(const ResourceDrift& r) { return r.logical_id.empty() ? "-" : r.logical_id; }

std::string DifferenceLine(const PropertyDifference& d) {
  return d.path + " " + std::string(ToString(d.type)) + " expected " + Shown(d.expected) +
         ", actual " + Shown(d.actual);
}

std::string CoverageLine(const DriftReport& report) {
  return "coverage: " + std::to_string(report.managed) + " managed / " +
         std::to_string(report.total) + " total";
}

}  // namespace

std::string RenderDriftTable(const DriftReport& report, bool colour) {
  std::size_t name_width = 8, type_width = 4;
  for (const auto& r : report.resources) {
    name_width = std::max(name_width, Name(r).size());
    type_width = std::max(type_width, r.type.size());
  }
  std::string out = Padded("RESOURCE", name_width) + "  " + Padded("TYPE", type_width) +
                    "  STATUS     PHYSICAL ID\n";
  for (const auto& r : report.resources) {
    std::string status(ToString(r.status));
    out += Padded(Name(r), name_width) + "  " + Padded(r.type, type_width) + "  " +
           Coloured(Padded(status, 9), r.status, colour) + "  " + r.physical_id + "\n";
    for (const auto& d : r.differences) out += "    " + DifferenceLine(d) + "\n";
  }
  for (const auto& skipped : report.not_checked) {
    out += "not checked: " + skipped.name + " (" + skipped.reason + ")\n";
  }
  std::map<DriftStatus, int> counts;
  for (const auto& r : report.resources) ++counts[r.status];
  out += "\n" + std::to_string(counts[DriftStatus::kInSync]) + " in sync, " +
         std::to_string(counts[DriftStatus::kModified]) + " modified, " +
         std::to_string(counts[DriftStatus::kDeleted]) + " deleted, " +
         std::to_string(counts[DriftStatus::kUnmanaged]) + " unmanaged; " + CoverageLine(report) +
         "\n";
  return out;
}

json RenderDriftJson(const DriftReport& report) {
  json resources = json::array();
  std::map<std::string, int> summary = {
      {"IN_SYNC", 0}, {"MODIFIED", 0}, {"DELETED", 0}, {"UNMANAGED", 0}};
  for (const auto& r : report.resources) {
    json differences = json::array();
    for (const auto& d : r.differences) {
      differences.push_back({{"PropertyPath", d.path},
                             {"ExpectedValue", d.expected},
                             {"ActualValue", d.actual},
                             {"DifferenceType", ToString(d.type)}});
    }
    std::string status(ToString(r.status));
    ++summary[status];
    resources.push_back({{"LogicalResourceId", r.logical_id.empty() ? json() : json(r.logical_id)},
                         {"ResourceType", r.type},
                         {"PhysicalResourceId", r.physical_id},
                         {"DriftStatus", status},
                         {"PropertyDifferences", std::move(differences)}});
  }
  json not_checked = json::array();
  for (const auto& skipped : report.not_checked) {
    not_checked.push_back({{"Name", skipped.name}, {"Reason", skipped.reason}});
  }
  return {{"Drifted", report.drifted()},
          {"Resources", std::move(resources)},
          {"NotChecked", std::move(not_checked)},
          {"Summary", summary},
          {"Coverage", {{"Managed", report.managed}, {"Total", report.total}}}};
}

std::string RenderDriftJUnit(const DriftReport& report) {
  std::size_t failures = 0;
  for (const auto& r : report.resources) failures += r.status != DriftStatus::kInSync;
  const std::string tests = std::to_string(report.resources.size() + report.not_checked.size());
  const std::string skipped = std::to_string(report.not_checked.size());
  protocols::XmlWriter xml(true, 2);
  auto counts = [&](protocols::XmlWriter& element) -> protocols::XmlWriter& {
    return element.Attribute("tests", tests)
        .Attribute("failures", std::to_string(failures))
        .Attribute("skipped", skipped);
  };
  counts(xml.Open("testsuites"));
  counts(xml.Open("testsuite").Attribute("name", "terrarium drift"));
  for (const auto& r : report.resources) {
    std::string name = r.logical_id.empty() ? r.physical_id : r.logical_id;
    xml.Open("testcase").Attribute("classname", r.type).Attribute("name", name);
    if (r.status != DriftStatus::kInSync) {
      std::string body;
      for (const auto& d : r.differences) body += DifferenceLine(d) + "\n";
      std::string status(ToString(r.status));
      xml.Open("failure").Attribute("type", status).Attribute("message", name + " is " + status);
      xml.Text(body, protocols::Newlines::kKeep).Close();
    }
    xml.Close();
  }
  for (const auto& not_checked : report.not_checked) {
    xml.Open("testcase").Attribute("classname", "not checked").Attribute("name", not_checked.name);
    xml.Open("skipped").Attribute("message", not_checked.reason).Close();
    xml.Close();
  }
  return xml.Finish();
}

}  // namespace terrarium::iac
