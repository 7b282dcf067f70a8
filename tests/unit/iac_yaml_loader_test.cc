// The CloudFormation YAML and JSON loaders: short-form tags, scalar typing, line numbers, errors.
#include <gtest/gtest.h>

#include "iac/template_error.h"
#include "importers/cloudformation/template_loader.h"

namespace terrarium::importers {
namespace {

using nlohmann::json;

json Load(const std::string& yaml) { return LoadTemplate(yaml).document; }

struct TagCase {
  const char* yaml;
  const char* json;
};

const TagCase kTags[] = {
    {"!Ref Queue", R"({"Ref":"Queue"})"},
    {"!Sub 'arn:${AWS::Partition}:s3:::${B}'", R"({"Fn::Sub":"arn:${AWS::Partition}:s3:::${B}"})"},
    {"!Sub ['${A}', {A: !Ref X}]", R"({"Fn::Sub":["${A}",{"A":{"Ref":"X"}}]})"},
    {"!GetAtt Queue.Arn", R"({"Fn::GetAtt":["Queue","Arn"]})"},
    {"!GetAtt Db.Endpoint.Address", R"({"Fn::GetAtt":["Db","Endpoint.Address"]})"},
    {"!GetAtt [Queue, Arn]", R"({"Fn::GetAtt":["Queue","Arn"]})"},
    {"!Join ['', [a, !Ref B]]", R"({"Fn::Join":["",["a",{"Ref":"B"}]]})"},
    {"!If [C, 1, !Ref AWS::NoValue]", R"({"Fn::If":["C",1,{"Ref":"AWS::NoValue"}]})"},
    {"!Equals [!Ref E, prod]", R"({"Fn::Equals":[{"Ref":"E"},"prod"]})"},
    {"!Not [!Condition C]", R"({"Fn::Not":[{"Condition":"C"}]})"},
    {"!And [!Condition A, !Condition B]", R"({"Fn::And":[{"Condition":"A"},{"Condition":"B"}]})"},
    {"!Or [!Condition A, !Condition B]", R"({"Fn::Or":[{"Condition":"A"},{"Condition":"B"}]})"},
    {"!FindInMap [M, K, V]", R"({"Fn::FindInMap":["M","K","V"]})"},
    {"!Select [0, !GetAZs '']", R"({"Fn::Select":[0,{"Fn::GetAZs":""}]})"},
    {"!Split [',', 'a,b']", R"({"Fn::Split":[",","a,b"]})"},
    {"!Base64 text", R"({"Fn::Base64":"text"})"},
    {"!Cidr ['10.0.0.0/16', 4, 8]", R"({"Fn::Cidr":["10.0.0.0/16",4,8]})"},
    {"!GetAZs", R"({"Fn::GetAZs":""})"},
    {"!ImportValue Shared", R"({"Fn::ImportValue":"Shared"})"},
    {"!Condition IsProd", R"({"Condition":"IsProd"})"},
    {"!Ref 123", R"({"Ref":"123"})"},  // a tagged scalar is text
};

TEST(YamlLoaderTest, ShortFormTagsBecomeLongForms) {
  for (const auto& c : kTags) {
    EXPECT_EQ(Load(std::string("V: ") + c.yaml)["V"], json::parse(c.json)) << c.yaml;
  }
}

TEST(YamlLoaderTest, BlockTagsNest) {
  json doc = Load(R"(
V: !Join
  - ''
  - - 'arn:'
    - !Ref AWS::Partition
    - !Sub
      - ':${X}'
      - X: !GetAtt R.Arn
)");
  EXPECT_EQ(doc["V"], json::parse(R"({"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},
      {"Fn::Sub":[":${X}",{"X":{"Fn::GetAtt":["R","Arn"]}}]}]]})"));
}

TEST(YamlLoaderTest, ScalarsAreTypedAsCloudFormationReadsThem) {
  json doc = Load(R"(
Quoted: "01"
Single: '5'
Leading: 012345678901
Int: 30
Negative: -4
Float: 1.5
Yes: yes
Off: Off
TrueWord: true
Word: prod
Null: ~
Empty:
Version: 2010-09-09
Star: '*'
)");
  EXPECT_EQ(doc["Quoted"], "01");
  EXPECT_EQ(doc["Single"], "5");
  EXPECT_EQ(doc["Leading"], "012345678901");
  EXPECT_EQ(doc["Int"], 30);
  EXPECT_EQ(doc["Negative"], -4);
  EXPECT_EQ(doc["Float"], 1.5);
  EXPECT_EQ(doc["Yes"], true);
  EXPECT_EQ(doc["Off"], false);
  EXPECT_EQ(doc["TrueWord"], true);
  EXPECT_EQ(doc["Word"], "prod");
  EXPECT_TRUE(doc["Null"].is_null());
  EXPECT_TRUE(doc["Empty"].is_null());
  EXPECT_EQ(doc["Version"], "2010-09-09");
  EXPECT_EQ(doc["Star"], "*");
}

TEST(YamlLoaderTest, RecordsLinesOfValues) {
  LoadedTemplate t = LoadTemplate(R"(Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '${AWS::StackName}-q'
)");
  EXPECT_EQ(t.lines.LineOf("/Resources/Queue"), 3);  // a mapping's mark is its first key
  EXPECT_EQ(t.lines.LineOf("/Resources/Queue/Properties/QueueName"), 5);
  EXPECT_EQ(t.lines.LineOf("/Resources/Queue/Properties/QueueName/Fn::Sub"), 5);
  EXPECT_EQ(t.lines.LineOf("/Resources/Queue/Properties/QueueName/Fn::Sub/0"), 5);
}

TEST(YamlLoaderTest, JsonKeepsExactValuesAndGetsLines) {
  LoadedTemplate t = LoadTemplate(R"({
  "Resources": {
    "Q": {
      "Type": "AWS::SQS::Queue",
      "Properties": {"DelaySeconds": 5, "Name": "01"}
    }
  }
})");
  EXPECT_EQ(t.document["Resources"]["Q"]["Properties"]["DelaySeconds"], 5);
  EXPECT_EQ(t.document["Resources"]["Q"]["Properties"]["Name"], "01");
  EXPECT_EQ(t.lines.LineOf("/Resources/Q/Properties/Name"), 5);
}

TEST(YamlLoaderTest, MalformedYamlNamesTheLine) {
  try {
    LoadTemplate("Resources:\n  Q:\n    Type: [a\n");
    FAIL();
  } catch (const iac::TemplateError& e) {
    EXPECT_EQ(e.message.rfind("Template format error: YAML not well-formed. (line ", 0), 0u)
        << e.message;
    EXPECT_GT(e.line, 0);
  }
}

// Found by fuzz_cfn_template: YAML took the bytes, the JSON serializer then threw on them.
TEST(YamlLoaderTest, TextThatIsNotUtf8IsATemplateFormatError) {
  using namespace std::string_literals;  // the third holds NULs
  for (
      const std::string& body :
      {"Transform: {\"\xDE\xDE\xDERef\": }"s, "{\"Resources\": {\"\xC0\x80\": 1}}"s,
       // UTF-8 in, but the YAML reader made a lone 0x85 (NEL) of the NUL-laden line
       "Transform: {rr\"Fn::tp\x13\x00rtiesr\x00NSt6locale5p\x13\x00rtiesr\x00rrrrOutp\x13\x00rther\x00rrrsrrrrrrrA}"s}) {
    try {
      LoadTemplate(body);
      FAIL() << body;
    } catch (const iac::TemplateError& e) {
      EXPECT_EQ(e.message, "Template format error: the template is not UTF-8 text");
    }
  }
}

TEST(YamlLoaderTest, MalformedJsonNamesTheLine) {
  try {
    LoadTemplate("{\n  \"Resources\": {\n    \"Q\": ,\n  }\n}");
    FAIL();
  } catch (const iac::TemplateError& e) {
    EXPECT_EQ(e.message, "Template format error: JSON not well-formed. (line 3, column 10)");
    EXPECT_EQ(e.line, 3);
  }
}

// fuzz_cfn_template: a number past a double's range made nlohmann throw out_of_range, which
// escaped LoadTemplate.
TEST(YamlLoaderTest, JsonNumberOutOfRangeIsATemplateError) {
  try {
    LoadTemplate(R"({"Parameters": {"Env": {"Type": "String", "Default": 1E6666}}})");
    FAIL();
  } catch (const iac::TemplateError& e) {
    EXPECT_EQ(e.message.rfind("Template format error: JSON not well-formed. (", 0), 0u)
        << e.message;
    EXPECT_NE(e.message.find("number overflow"), std::string::npos) << e.message;
  }
}

TEST(YamlLoaderTest, UnknownTagIsAnError) {
  try {
    LoadTemplate("V: !Bogus x\n");
    FAIL();
  } catch (const iac::TemplateError& e) {
    EXPECT_NE(e.message.find("Unsupported tag !Bogus"), std::string::npos) << e.message;
    EXPECT_EQ(e.line, 1);
  }
}

TEST(YamlLoaderTest, LoadsTheTestTemplates) {
  LoadedTemplate t =
      LoadTemplateFile(std::string(TERRARIUM_TEST_DATA) + "/cloudformation/short_forms.yaml");
  EXPECT_TRUE(t.document.contains("Resources"));
  EXPECT_FALSE(t.lines.empty());
}

}  // namespace
}  // namespace terrarium::importers
