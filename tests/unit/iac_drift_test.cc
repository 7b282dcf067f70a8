// The drift engine: semantic property comparison, resource statuses through a provider's Read,
// ignore rules, and the three renderings.
#include <gtest/gtest.h>

#include <memory>

#include "iac/drift.h"
#include "iac/drift_render.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

std::vector<std::string> Describe(const std::vector<PropertyDifference>& diffs) {
  std::vector<std::string> out;
  for (const auto& d : diffs) {
    out.push_back(d.path + " " + std::string(ToString(d.type)) + " " + d.expected.dump() + " " +
                  d.actual.dump());
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(DriftCompare, ProviderDefaultsAndNumberTextAreNotDrift) {
  json expected = {{"QueueName", "jobs"}, {"VisibilityTimeout", 30}};
  json actual = {{"QueueName", "jobs"}, {"VisibilityTimeout", "30"}, {"DelaySeconds", 0}};
  EXPECT_TRUE(CompareProperties(expected, actual).empty());
}

TEST(DriftCompare, ChangedAndMissingProperties) {
  json expected = {{"VisibilityTimeout", 30},
                   {"RedriveAllowPolicy", nullptr},
                   {"VersioningConfiguration", {{"Status", "Enabled"}}},
                   {"Gone", "x"}};
  json actual = {{"VisibilityTimeout", 99}, {"VersioningConfiguration", {{"Status", "Suspended"}}}};
  EXPECT_EQ(Describe(CompareProperties(expected, actual)),
            (Lines{"/Gone REMOVE \"x\" null",
                   "/VersioningConfiguration/Status NOT_EQUAL \"Enabled\" \"Suspended\"",
                   "/VisibilityTimeout NOT_EQUAL 30 99"}));
}

TEST(DriftCompare, PoliciesCompareAsJson) {
  json expected = {
      {"PolicyDocument",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]})"}};
  json same = {
      {"PolicyDocument",
       {{"Statement", {{"Resource", "*"}, {"Action", "s3:GetObject"}, {"Effect", "Allow"}}},
        {"Version", "2012-10-17"}}}};
  EXPECT_TRUE(CompareProperties(expected, same).empty());
  json other = same;
  other["PolicyDocument"]["Statement"]["Effect"] = "Deny";
  auto diffs = CompareProperties(expected, other);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].path, "/PolicyDocument");
  EXPECT_EQ(diffs[0].type, DifferenceType::kNotEqual);
}

TEST(DriftCompare, TagsCompareAsMaps) {
  json expected = {{"Tags",
                    {{{"Key", "a"}, {"Value", "1"}},
                     {{"Key", "b"}, {"Value", "2"}},
                     {{"Key", "c"}, {"Value", "3"}}}}};
  json actual = {{"Tags",
                  {{{"Key", "c"}, {"Value", "9"}},
                   {{"Key", "a"}, {"Value", "1"}},
                   {{"Key", "d"}, {"Value", "4"}}}}};
  EXPECT_EQ(Describe(CompareProperties(expected, actual)),
            (Lines{"/Tags/1 REMOVE {\"Key\":\"b\",\"Value\":\"2\"} null",
                   "/Tags/2/Value NOT_EQUAL \"3\" \"9\"",
                   "/Tags/3 ADD null {\"Key\":\"d\",\"Value\":\"4\"}"}));
}

TEST(DriftCompare, ListsOfScalarsIgnoreOrderListsOfObjectsDoNot) {
  EXPECT_TRUE(
      CompareProperties({{"Methods", {"GET", "PUT"}}}, {{"Methods", {"PUT", "GET"}}}).empty());
  json expected = {{"Keys", {{{"Name", "pk"}}, {{"Name", "sk"}}}}};
  json actual = {{"Keys", {{{"Name", "sk"}}, {{"Name", "pk"}}, {{"Name", "x"}}}}};
  EXPECT_EQ(Describe(CompareProperties(expected, actual)),
            (Lines{"/Keys/0/Name NOT_EQUAL \"pk\" \"sk\"", "/Keys/1/Name NOT_EQUAL \"sk\" \"pk\"",
                   "/Keys/2 ADD null {\"Name\":\"x\"}"}));
}

// A provider whose Read answers from a map of physical id -> properties.
class MapProvider final : public ResourceProvider {
 public:
  std::map<std::string, json> existing;
  std::string_view Type() const override { return "Test::Thing"; }
  ProvisionedResource Create(const ProviderContext&, const json&) override { return {}; }
  ProvisionedResource Update(const ProviderContext&, const std::string&, const json&,
                             const json&) override {
    return {};
  }
  void Delete(const ProviderContext&, const std::string&, const json&) override {}
  std::optional<json> Read(const ProviderContext&, const std::string& id, const json&) override {
    auto it = existing.find(id);
    if (it == existing.end()) return std::nullopt;
    return it->second;
  }
};

DriftReport Report() {
  ProviderRegistry providers;
  auto provider = std::make_unique<MapProvider>();
  provider->existing["q1"] = {{"VisibilityTimeout", 30}};
  provider->existing["q2"] = {{"VisibilityTimeout", 60}};
  providers.Add(std::move(provider));
  std::vector<DeclaredResource> declared = {
      {"a", "Test::Thing", "q1", {{"VisibilityTimeout", 30}}, {}},
      {"b", "Test::Thing", "q2", {{"VisibilityTimeout", 30}}, {}},
      {"c", "Test::Thing", "q3", {{"VisibilityTimeout", 30}}, {}},
  };
  DriftReport report;
  report.resources = DetectDrift(declared, providers, {});
  ResourceDrift unmanaged;
  unmanaged.type = "Test::Thing";
  unmanaged.physical_id = "q4";
  unmanaged.status = DriftStatus::kUnmanaged;
  report.resources.push_back(unmanaged);
  report.managed = 3;
  report.total = 4;
  return report;
}

TEST(DriftDetect, StatusesFromRead) {
  DriftReport report = Report();
  ASSERT_EQ(report.resources.size(), 4u);
  EXPECT_EQ(report.resources[0].status, DriftStatus::kInSync);
  EXPECT_EQ(report.resources[1].status, DriftStatus::kModified);
  EXPECT_EQ(Describe(report.resources[1].differences),
            (Lines{"/VisibilityTimeout NOT_EQUAL 30 60"}));
  EXPECT_EQ(report.resources[2].status, DriftStatus::kDeleted);
  EXPECT_TRUE(report.drifted());
}

TEST(DriftDetect, UnknownTypeIsAnError) {
  ProviderRegistry none;
  EXPECT_THROW(DetectDrift({{"a", "Test::Thing", "q1", json::object(), {}}}, none, {}),
               std::invalid_argument);
}

TEST(DriftIgnore, PatternsHideResourcesAndProperties) {
  DriftReport report = Report();
  IgnoreRules::Parse("# accepted\n\nb.Visibility*\n  Test::Thing.c \n").Apply(report.resources);
  ASSERT_EQ(report.resources.size(), 3u);
  EXPECT_EQ(report.resources[1].logical_id, "b");
  EXPECT_EQ(report.resources[1].status, DriftStatus::kInSync);
  EXPECT_EQ(report.resources[2].status, DriftStatus::kUnmanaged);
  IgnoreRules::Parse("*.q4").Apply(report.resources);
  EXPECT_FALSE(report.drifted());
}

TEST(DriftRender, Table) {
  EXPECT_EQ(RenderDriftTable(Report(), false),
            "RESOURCE  TYPE         STATUS     PHYSICAL ID\n"
            "a         Test::Thing  IN_SYNC    q1\n"
            "b         Test::Thing  MODIFIED   q2\n"
            "    /VisibilityTimeout NOT_EQUAL expected 30, actual 60\n"
            "c         Test::Thing  DELETED    q3\n"
            "-         Test::Thing  UNMANAGED  q4\n"
            "\n1 in sync, 1 modified, 1 deleted, 1 unmanaged; coverage: 3 managed / 4 total\n");
  EXPECT_NE(RenderDriftTable(Report(), true).find("\x1b[33mMODIFIED"), std::string::npos);
}

TEST(DriftRender, NotCheckedResourcesAreReportedInEveryFormat) {
  DriftReport report = Report();
  report.not_checked.push_back({"aws_sns_topic.t", "resource type aws_sns_topic is not supported"});
  EXPECT_NE(
      RenderDriftTable(report, false)
          .find("not checked: aws_sns_topic.t (resource type aws_sns_topic is not supported)"),
      std::string::npos);
  EXPECT_EQ(RenderDriftJson(report)["NotChecked"],
            (json::array({{{"Name", "aws_sns_topic.t"},
                           {"Reason", "resource type aws_sns_topic is not supported"}}})));
  std::string xml = RenderDriftJUnit(report);
  EXPECT_NE(xml.find("tests=\"5\" failures=\"3\" skipped=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"resource type aws_sns_topic is not supported\"/>"),
            std::string::npos);
}

TEST(DriftRender, Json) {
  json out = RenderDriftJson(Report());
  EXPECT_EQ(out["Drifted"], true);
  EXPECT_EQ(out["Summary"],
            (json{{"IN_SYNC", 1}, {"MODIFIED", 1}, {"DELETED", 1}, {"UNMANAGED", 1}}));
  EXPECT_EQ(out["Coverage"], (json{{"Managed", 3}, {"Total", 4}}));
  EXPECT_EQ(out["Resources"][1]["PropertyDifferences"],
            (json::array({{{"PropertyPath", "/VisibilityTimeout"},
                           {"ExpectedValue", 30},
                           {"ActualValue", 60},
                           {"DifferenceType", "NOT_EQUAL"}}})));
  EXPECT_TRUE(out["Resources"][3]["LogicalResourceId"].is_null());
}

TEST(DriftRender, JUnit) {
  std::string xml = RenderDriftJUnit(Report());
  EXPECT_NE(xml.find("<testsuites tests=\"4\" failures=\"3\" skipped=\"0\">"), std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"Test::Thing\" name=\"a\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"MODIFIED\" message=\"b is MODIFIED\">/VisibilityTimeout "
                     "NOT_EQUAL expected 30, actual 60\n</failure>"),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"q4\""), std::string::npos);
}

TEST(DriftOf, WriteOnlyPropertiesAreNotCompared) {
  DeclaredResource function{"f",
                            "AWS::Lambda::Function",
                            "f",
                            {{"Code", {{"ZipFile", "x"}}}, {"Handler", "index.handler"}},
                            {}};
  ResourceDrift drift = DriftOf(function, json{{"Handler", "index.handler"}});
  EXPECT_EQ(drift.status, DriftStatus::kInSync);
  DeclaredResource object{"o",
                          "Terrarium::S3::Object",
                          "b/k",
                          {{"Content", "a"}, {"ETag", "0cc175b9c0f1b6a831c399e269772661"}},
                          {}};
  drift = DriftOf(object, json{{"ETag", "92eb5ffee6ae2fec3ad71c777531578f"}});
  ASSERT_EQ(drift.differences.size(), 1u);
  EXPECT_EQ(drift.differences[0].path, "/ETag");
}

TEST(DriftOf, AResourceKnownAbsentIsDeletedUnderItsName) {
  DeclaredResource queue{"q", "AWS::SQS::Queue", "jobs", {{"QueueName", "jobs"}}, {}, true};
  ResourceDrift drift = DriftOf(queue, json{{"QueueName", "jobs"}});
  EXPECT_EQ(drift.status, DriftStatus::kDeleted);
  EXPECT_EQ(drift.physical_id, "jobs");
}

TEST(DriftRender, JUnitIsIndentedAndKeepsDifferenceLines) {
  EXPECT_EQ(RenderDriftJUnit(Report()),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites tests=\"4\" failures=\"3\" skipped=\"0\">\n"
            "  <testsuite name=\"terrarium drift\" tests=\"4\" failures=\"3\" skipped=\"0\">\n"
            "    <testcase classname=\"Test::Thing\" name=\"a\"/>\n"
            "    <testcase classname=\"Test::Thing\" name=\"b\">\n"
            "      <failure type=\"MODIFIED\" message=\"b is MODIFIED\">/VisibilityTimeout "
            "NOT_EQUAL expected 30, actual 60\n</failure>\n"
            "    </testcase>\n"
            "    <testcase classname=\"Test::Thing\" name=\"c\">\n"
            "      <failure type=\"DELETED\" message=\"c is DELETED\"></failure>\n"
            "    </testcase>\n"
            "    <testcase classname=\"Test::Thing\" name=\"q4\">\n"
            "      <failure type=\"UNMANAGED\" message=\"q4 is UNMANAGED\"></failure>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

}  // namespace
}  // namespace terrarium::iac
