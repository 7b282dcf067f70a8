#include "iac/drift_render.h"

#include <algorithm>
#include <map>

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

std::string XmlEscaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

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
  std::string cases;
  for (const auto& r : report.resources) {
    std::string name = r.logical_id.empty() ? r.physical_id : r.logical_id;
    cases +=
        "    <testcase classname=\"" + XmlEscaped(r.type) + "\" name=\"" + XmlEscaped(name) + "\"";
    if (r.status == DriftStatus::kInSync) {
      cases += "/>\n";
      continue;
    }
    ++failures;
    std::string body;
    for (const auto& d : r.differences) body += DifferenceLine(d) + "\n";
    std::string status(ToString(r.status));
    cases += ">\n      <failure type=\"" + status + "\" message=\"" + XmlEscaped(name) + " is " +
             status + "\">" + XmlEscaped(body) + "</failure>\n    </testcase>\n";
  }
  for (const auto& skipped : report.not_checked) {
    cases += "    <testcase classname=\"not checked\" name=\"" + XmlEscaped(skipped.name) +
             "\">\n      <skipped message=\"" + XmlEscaped(skipped.reason) +
             "\"/>\n    </testcase>\n";
  }
  std::string counts = "tests=\"" +
                       std::to_string(report.resources.size() + report.not_checked.size()) +
                       "\" failures=\"" + std::to_string(failures) + "\" skipped=\"" +
                       std::to_string(report.not_checked.size()) + "\"";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites " + counts +
         ">\n  <testsuite name=\"terrarium drift\" " + counts + ">\n" + cases +
         "  </testsuite>\n</testsuites>\n";
}

}  // namespace terrarium::iac
