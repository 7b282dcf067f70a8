// One row per intrinsic behaviour: a YAML expression evaluated as a resource property, with the
// value or the CloudFormation error it must give.
#include <gtest/gtest.h>

#include "iac/intrinsics.h"
#include "iac_test_support.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

constexpr const char* kTemplate = R"(
Parameters:
  Env: {Type: String, Default: prod}
  Subnets: {Type: CommaDelimitedList, Default: "a,b,c"}
  Count: {Type: Number, Default: 3}
  AttrName: {Type: String, Default: Arn}
Mappings:
  RegionMap:
    eu-west-1: {Ami: ami-1, Zones: [a, b]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Table: {Type: AWS::DynamoDB::Table, Condition: IsDev}
  Subject:
    Type: Test::Thing
    Properties:
      Value: )";

struct Case {
  const char* name;
  const char* expression;  // YAML, one line
  const char* expected;    // JSON of the value, or "" when `error` is set
  const char* error = "";  // expected TemplateError message prefix
};

const Case kCases[] = {
    {"RefParameter", "!Ref Env", R"("prod")"},
    {"RefListParameter", "!Ref Subnets", R"(["a","b","c"])"},
    {"RefNumberParameterIsText", "!Ref Count", R"("3")"},
    {"RefRegion", "!Ref AWS::Region", R"("eu-west-1")"},
    {"RefAccount", "!Ref AWS::AccountId", R"("123456789012")"},
    {"RefStackName", "!Ref AWS::StackName", R"("demo")"},
    {"RefStackId", "!Ref AWS::StackId",
     R"("arn:aws:cloudformation:eu-west-1:123456789012:stack/demo/11111111-2222-3333-4444-555555555555")"},
    {"RefPartition", "!Ref AWS::Partition", R"("aws")"},
    {"RefUrlSuffix", "!Ref AWS::URLSuffix", R"("amazonaws.com")"},
    {"RefNotificationArns", "!Ref AWS::NotificationARNs", "[]"},
    {"RefResource", "!Ref Queue", R"("https://sqs/q1")"},
    {"RefNoValueDropsKey", "{A: 1, B: !Ref AWS::NoValue}", R"({"A":1})"},
    {"RefNoValueDropsListItem", "[x, !Ref AWS::NoValue, y]", R"(["x","y"])"},
    {"RefUnknown", "!Ref Nope", "",
     "Template format error: Unresolved resource dependencies [Nope] in the Resources block of "
     "the template"},
    {"RefExcludedResource", "!Ref Table", "",
     "Template format error: Unresolved resource dependencies [Table] in the Resources block of "
     "the template"},
    {"RefNotString", "{Ref: [a]}", "", "Template error: All References must be of type string"},
    {"GetAttShort", "!GetAtt Queue.Arn", R"("arn:aws:sqs:eu-west-1:123456789012:q1")"},
    {"GetAttList", "!GetAtt [Queue, QueueName]", R"("q1")"},
    {"GetAttLongDotted", "{Fn::GetAtt: Queue.Arn}", R"("arn:aws:sqs:eu-west-1:123456789012:q1")"},
    {"GetAttNestedName", "!GetAtt Queue.Endpoint.Address", R"("q1.local")"},
    {"GetAttRefAttributeName", "!GetAtt [Queue, !Ref AttrName]",
     R"("arn:aws:sqs:eu-west-1:123456789012:q1")"},
    {"GetAttUndefined", "!GetAtt Nope.Arn", "",
     "Template error: instance of Fn::GetAtt references undefined resource Nope"},
    {"GetAttBadAttribute", "!GetAtt Queue.Bogus", "",
     "Template error: resource Queue does not support attribute type Bogus in Fn::GetAtt"},
    {"GetAttOneElement", "{Fn::GetAtt: [Queue]}", "",
     "Template error: every Fn::GetAtt object requires two non-empty parameters, the resource "
     "name and the resource attribute"},
    {"SubEverything", R"(!Sub "${AWS::StackName}-${Env}-${Queue}-${Queue.Arn}")",
     R"("demo-prod-https://sqs/q1-arn:aws:sqs:eu-west-1:123456789012:q1")"},
    {"SubLiteral", R"(!Sub "${!Literal}-${Env}")", R"("${Literal}-prod")"},
    {"SubNoVariables", R"(!Sub "plain text")", R"("plain text")"},
    {"SubTwoArguments", R"(!Sub ["${A}-${Env}", {A: !Ref Count}])", R"("3-prod")"},
    {"SubMapShadowsParameter", R"(!Sub ["${Env}", {Env: dev}])", R"("dev")"},
    {"SubUnknown", R"(!Sub "${Nope}")", "",
     "Template format error: Unresolved resource dependencies [Nope] in the Resources block of "
     "the template"},
    {"SubBadAttribute", R"(!Sub "${Nope.Arn}")", "",
     "Template error: instance of Fn::Sub references invalid resource attribute Nope.Arn"},
    {"SubBadArguments", "{Fn::Sub: [a, b, c]}", "",
     "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments."},
    {"SubBadVariableName", R"(!Sub ["${a-b}", {a-b: x}])", "",
     "Template error: every key of the context object of every Fn::Sub object must contain only "
     "alphanumeric characters and underscores"},
    {"SubListVariable", R"(!Sub "${Subnets}")", "",
     "Template error: variable Subnets in Fn::Sub expression does not resolve to a string"},
    {"Join", R"(!Join [",", [a, !Ref Env, 3]])", R"("a,prod,3")"},
    {"JoinList", R"(!Join ["-", !Ref Subnets])", R"("a-b-c")"},
    {"JoinEmpty", R"(!Join ["-", []])", R"("")"},
    {"JoinDropsNoValue", R"(!Join ["-", [a, !If [IsDev, b, !Ref AWS::NoValue]]])", R"("a")"},
    {"JoinOneArgument", R"(!Join [","])", "",
     "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and "
     "(2) a list of strings to be joined"},
    {"JoinNestedList", R"(!Join [",", [[a]]])", "",
     "Template error: every Fn::Join object requires two parameters"},
    {"Select", "!Select [1, !Ref Subnets]", R"("b")"},
    {"SelectTextIndex", R"(!Select ["0", [x, y]])", R"("x")"},
    {"SelectOutOfRange", "!Select [5, [x]]", "",
     "Template error: Fn::Select cannot select nonexistent value at index 5"},
    {"SelectBadIndex", "!Select [a, [x]]", "",
     "Template error: Fn::Select requires a list argument with a valid index value as its first "
     "element"},
    {"SelectNotAList", "!Select [0, x]", "",
     "Template error: Fn::Select requires a list argument with two elements: an integer index "
     "and a list"},
    {"Split", R"(!Split [",", "a,b,,c"])", R"(["a","b","","c"])"},
    {"SplitThenSelect", R"(!Select [2, !Split ["/", "x/y/z"]])", R"("z")"},
    {"SplitBad", R"(!Split [","])", "",
     "Template error: every Fn::Split object requires two parameters"},
    {"Base64", "!Base64 hello", R"("aGVsbG8=")"},
    {"Base64OfSub", R"(!Base64 {Fn::Sub: "${Env}"})", R"("cHJvZA==")"},
    {"Base64OfList", "!Base64 [a]", "",
     "Template error: every Fn::Base64 object must have a String-typed value."},
    {"FindInMap", "!FindInMap [RegionMap, !Ref AWS::Region, Ami]", R"("ami-1")"},
    {"FindInMapList", "!FindInMap [RegionMap, eu-west-1, Zones]", R"(["a","b"])"},
    {"FindInMapDefault", "!FindInMap [RegionMap, nope, Ami, {DefaultValue: d}]", R"("d")"},
    {"FindInMapNoMap", "!FindInMap [Nope, a, b]", "",
     "Template error: Mapping named 'Nope' is not present in the 'Mappings' section of template"},
    {"FindInMapNoKey", "!FindInMap [RegionMap, eu-west-1, Nope]", "",
     "Template error: Unable to get mapping for RegionMap::eu-west-1::Nope"},
    {"FindInMapTwoArguments", "!FindInMap [RegionMap, eu-west-1]", "",
     "Template error: every Fn::FindInMap object requires three parameters"},
    {"Cidr", R"(!Cidr ["10.0.0.0/16", 3, 8])", R"(["10.0.0.0/24","10.0.1.0/24","10.0.2.0/24"])"},
    {"CidrFromHostAddress", R"(!Cidr ["192.168.7.9/24", 2, 6])",
     R"(["192.168.7.0/26","192.168.7.64/26"])"},
    {"CidrIpv6", R"(!Cidr ["2001:db8::/56", 2, 64])", R"(["2001:db8::/64","2001:db8:0:1::/64"])"},
    {"CidrDoesNotFit", R"(!Cidr ["10.0.0.0/24", 3, 7])", "",
     "Template error: Fn::Cidr cannot fit 3 subnets of 7 bits in 10.0.0.0/24"},
    {"CidrBadBlock", R"(!Cidr ["10.0.0.0", 3, 8])", "",
     "Template error: every Fn::Cidr object requires three parameters"},
    {"GetAZsHere", R"(!GetAZs "")", R"(["eu-west-1a","eu-west-1b","eu-west-1c"])"},
    {"GetAZsRegion", "!GetAZs us-east-1",
     R"(["us-east-1a","us-east-1b","us-east-1c","us-east-1d","us-east-1e","us-east-1f"])"},
    {"GetAZsRefRegion", "!GetAZs {Ref: AWS::Region}",
     R"(["eu-west-1a","eu-west-1b","eu-west-1c"])"},
    {"ImportValue", "!ImportValue SharedQueueUrl", R"("https://sqs/shared")"},
    {"ImportValueOfSub", R"(!ImportValue {Fn::Sub: "${Env}-Shared"})", R"("from-prod")"},
    {"ImportValueMissing", "!ImportValue Nope", "", "No export named Nope found."},
    {"IfTrue", "!If [IsProd, big, small]", R"("big")"},
    {"IfSkipsExcludedBranch", "!If [IsDev, !Ref Table, none]", R"("none")"},
    {"IfNoValue", "{A: !If [IsDev, x, !Ref AWS::NoValue]}", "{}"},
    {"IfUnknownCondition", "!If [Nope, a, b]", "",
     "Template error: unresolved condition dependency Nope in Fn::If"},
    {"IfTwoElements", "!If [IsProd, a]", "",
     "Template error: Fn::If requires a list argument with three elements"},
    {"IfConditionNotString", "!If [[IsProd], a, b]", "",
     "Template error: Fn::If requires a list argument with the first element being a condition"},
    {"EqualsTextAndNumber", R"(!Equals ["3", !Ref Count])", "true"},
    {"UnknownFunction", "{Fn::Foo: 1}", "",
     "Template format error: Encountered unsupported function: Fn::Foo Supported functions are: "
     "[Ref, Fn::GetAtt"},
    {"Transform", "{Fn::Transform: {Name: AWS::Include}}", "",
     "Template error: Fn::Transform (macros such as AWS::Include) is not supported by Terrarium"},
    {"PlainValuesStay", "{A: [1, true, x], B: {C: null}}", R"({"A":[1,true,"x"],"B":{"C":null}})"},
};

class IntrinsicsTest : public ::testing::TestWithParam<Case> {};

TEST_P(IntrinsicsTest, Evaluates) {
  const Case& c = GetParam();
  auto exports = [](std::string_view name) -> std::optional<std::string> {
    if (name == "SharedQueueUrl") return "https://sqs/shared";
    if (name == "prod-Shared") return "from-prod";
    return std::nullopt;
  };
  MapResourceState state;
  state.Set("Queue", {"https://sqs/q1",
                      {{"Arn", "arn:aws:sqs:eu-west-1:123456789012:q1"},
                       {"QueueName", "q1"},
                       {"Endpoint.Address", "q1.local"}}});
  try {
    StackEvaluation eval =
        testing::EvaluationOf(std::string(kTemplate) + c.expression + "\n", {}, exports);
    ResourceGraph graph = ResourceGraph::FromNodes({});
    ResourceNode node;
    node.logical_id = "Subject";
    node.properties = eval.tmpl().FindResource("Subject")->properties;
    json value = eval.ResolveProperties(node, state);
    ASSERT_EQ(*c.error, '\0') << "expected an error, got " << value.dump();
    json expected = json::parse(c.expected);
    if (expected.is_object() && expected.empty()) {
      EXPECT_EQ(value["Value"], expected) << value.dump();
    } else {
      EXPECT_EQ(value.value("Value", json()), expected) << value.dump();
    }
  } catch (const TemplateError& e) {
    ASSERT_NE(*c.error, '\0') << "unexpected error: " << e.message;
    EXPECT_EQ(e.message.substr(0, std::string(c.error).size()), c.error) << e.message;
    EXPECT_FALSE(e.path.empty()) << e.message;
    EXPECT_EQ(e.line, 19) << e.Located();
  }
}

INSTANTIATE_TEST_SUITE_P(Table, IntrinsicsTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(IntrinsicsPendingTest, ValuesOfResourcesNotCreatedArePending) {
  StackEvaluation eval = testing::EvaluationOf(R"(
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Policy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      Name: fixed
)");
  MapResourceState state;
  std::set<std::string> pending;
  ResourceNode node;
  node.logical_id = "Policy";
  node.properties = eval.tmpl().FindResource("Policy")->properties;
  json value = eval.ResolveProperties(node, state, &pending);
  EXPECT_EQ(pending, std::set<std::string>{"Queues"});
  EXPECT_EQ(value["Queues"], json::parse(R"([{"Ref":"Queue"}])"));
  EXPECT_EQ(value["Name"], "fixed");
  EXPECT_THROW(eval.ResolveProperties(node, state), TemplateError);
}

TEST(IntrinsicsOutputsTest, OutputsEvaluateWithExportsAndConditions) {
  StackEvaluation eval = testing::EvaluationOf(R"(
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  Never: !Equals [a, b]
Resources:
  Queue: {Type: AWS::SQS::Queue}
Outputs:
  Url:
    Value: !Ref Queue
    Export: {Name: !Sub "${AWS::StackName}-Url"}
  Hidden:
    Condition: Never
    Value: x
)");
  MapResourceState state;
  state.Set("Queue", {"https://sqs/q1", json::object()});
  auto outputs = eval.ResolveOutputs(state);
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].name, "Url");
  EXPECT_EQ(outputs[0].value, "https://sqs/q1");
  EXPECT_EQ(outputs[0].export_name, "demo-Url");
}

}  // namespace
}  // namespace terrarium::iac
