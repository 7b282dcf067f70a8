// Parameter resolution and validation, with CloudFormation's messages.
#include <gtest/gtest.h>

#include "iac/parameters.h"
#include "iac_test_support.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;
using Given = std::map<std::string, std::string, std::less<>>;

std::string ParametersErrorOf(const std::string& declarations, const Given& given) {
  try {
    Template t = testing::TemplateFromText("Parameters:\n" + declarations +
                                           "Resources:\n  Q: {Type: AWS::SQS::Queue}\n");
    ResolveParameters(t, given);
  } catch (const TemplateError& e) {
    return e.message;
  }
  return "";
}

ParameterValues Resolve(const std::string& declarations, const Given& given) {
  Template t = testing::TemplateFromText("Parameters:\n" + declarations +
                                         "Resources:\n  Q: {Type: AWS::SQS::Queue}\n");
  return ResolveParameters(t, given);
}

TEST(ParametersTest, DefaultsAndGivenValues) {
  auto values = Resolve(R"(  A: {Type: String, Default: x}
  B: {Type: Number, Default: 5}
  C: {Type: CommaDelimitedList, Default: "a,b"}
  D: {Type: "List<Number>"}
  E: {Type: "AWS::EC2::VPC::Id"}
  F: {Type: "List<AWS::EC2::Subnet::Id>"}
  G: {Type: String, NoEcho: true, Default: secret}
  H: {Type: String, Default: yes}
)",
                        {{"D", "1,2"}, {"E", "vpc-1"}, {"F", "subnet-1,subnet-2"}});
  EXPECT_EQ(values["A"].value, "x");
  EXPECT_EQ(values["B"].value, "5");
  EXPECT_EQ(values["C"].value, json::parse(R"(["a","b"])"));
  EXPECT_EQ(values["D"].value, json::parse(R"(["1","2"])"));
  EXPECT_EQ(values["E"].value, "vpc-1");
  EXPECT_EQ(values["F"].value, json::parse(R"(["subnet-1","subnet-2"])"));
  EXPECT_TRUE(values["G"].no_echo);
  EXPECT_FALSE(values["A"].no_echo);
  // YAML 1.1 reads an unquoted yes as a boolean; CloudFormation then compares it as "true".
  EXPECT_EQ(values["H"].value, "true");
}

struct ErrorCase {
  const char* name;
  const char* declarations;
  Given given;
  const char* message;
};

const ErrorCase kErrors[] = {
    {"Missing",
     "  A: {Type: String}\n  B: {Type: String}\n",
     {},
     "Parameters: [A, B] must have values"},
    {"Unknown",
     "  A: {Type: String, Default: x}\n",
     {{"Z", "1"}},
     "Parameters: [Z] do not exist in the template"},
    {"NotAllowed",
     "  A: {Type: String, AllowedValues: [a, b]}\n",
     {{"A", "c"}},
     "Parameter 'A' must be one of AllowedValues"},
    {"ListMemberNotAllowed",
     "  A: {Type: CommaDelimitedList, AllowedValues: [a, b]}\n",
     {{"A", "a,c"}},
     "Parameter 'A' must be one of AllowedValues"},
    {"Pattern",
     "  A: {Type: String, AllowedPattern: '[a-z]+'}\n",
     {{"A", "abc1"}},
     "Parameter 'A' must match pattern [a-z]+"},
    {"MinLength",
     "  A: {Type: String, MinLength: 3}\n",
     {{"A", "ab"}},
     "Parameter 'A' must contain at least 3 characters"},
    {"MaxLength",
     "  A: {Type: String, MaxLength: '2'}\n",
     {{"A", "abc"}},
     "Parameter 'A' must contain at most 2 characters"},
    {"NotANumber", "  A: {Type: Number}\n", {{"A", "x"}}, "Parameter 'A' must be a number"},
    {"MinValue",
     "  A: {Type: Number, MinValue: 1}\n",
     {{"A", "0"}},
     "Parameter 'A' must be a number not less than 1"},
    {"MaxValue",
     "  A: {Type: Number, MaxValue: 2.5}\n",
     {{"A", "3"}},
     "Parameter 'A' must be a number not greater than 2.5"},
    {"NumberListMember",
     "  A: {Type: 'List<Number>'}\n",
     {{"A", "1,x"}},
     "Parameter 'A' must be a number"},
    {"ConstraintDescription",
     "  A: {Type: String, AllowedPattern: '[a-z]+', ConstraintDescription: lower case only}\n",
     {{"A", "ABC"}},
     "Parameter A failed to satisfy constraint: lower case only"},
    {"UnknownType",
     "  A: {Type: Strin, Default: x}\n",
     {},
     "Template format error: Unrecognized parameter type: Strin"},
    {"SsmType",
     "  A: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /x}\n",
     {},
     "Parameter 'A' has type AWS::SSM::Parameter::Value<String>, which Terrarium does not "
     "support: there is no SSM Parameter Store to resolve it from. Declare the parameter as "
     "String (or CommaDelimitedList) and pass the value itself."},
    {"NoType",
     "  A: {Default: x}\n",
     {},
     "Template format error: Every Parameters object must contain a Type member."},
    {"AllowedValuesNotList",
     "  A: {Type: String, AllowedValues: a}\n",
     {},
     "Template format error: Every AllowedValues member must be a list."},
    {"BadName",
     "  a-b: {Type: String}\n",
     {},
     "Template format error: Parameter name a-b is non alphanumeric."},
};

class ParameterErrorsTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParameterErrorsTest, Fails) {
  const ErrorCase& c = GetParam();
  EXPECT_EQ(ParametersErrorOf(c.declarations, c.given), c.message);
}

INSTANTIATE_TEST_SUITE_P(Table, ParameterErrorsTest, ::testing::ValuesIn(kErrors),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ParametersTest, ValidValuesPass) {
  EXPECT_EQ(ParametersErrorOf(
                "  A: {Type: String, AllowedPattern: '[a-z]+', MinLength: 1, MaxLength: 5}\n",
                {{"A", "abc"}}),
            "");
  EXPECT_EQ(ParametersErrorOf("  A: {Type: Number, MinValue: 1, MaxValue: 10}\n", {{"A", "10"}}),
            "");
  EXPECT_EQ(ParametersErrorOf("  A: {Type: Number, AllowedValues: [1, 2]}\n", {{"A", "2"}}), "");
}

}  // namespace
}  // namespace terrarium::iac
