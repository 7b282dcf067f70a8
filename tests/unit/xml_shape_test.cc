// Shape-driven XML naming rules (botocore's), on a small model that exercises each of them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/protocols/xml_shape.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;

const models::ServiceModel& TestModel() {
  static const auto model = models::CompileModel("test", json::parse(R"({
    "metadata": {"protocol": "rest-xml"},
    "operations": {},
    "shapes": {
      "Doc": {"type": "structure", "members": {
        "Name": {"shape": "S"},
        "Renamed": {"shape": "S", "locationName": "WireName"},
        "Header": {"shape": "S", "location": "header", "locationName": "x-h"},
        "Count": {"shape": "I"},
        "Ratio": {"shape": "D"},
        "On": {"shape": "B"},
        "When": {"shape": "T"},
        "WhenEpoch": {"shape": "T", "timestampFormat": "unixTimestamp"},
        "Data": {"shape": "Blob"},
        "Plain": {"shape": "PlainList"},
        "Named": {"shape": "NamedList"},
        "Flat": {"shape": "FlatList"},
        "FlatNamed": {"shape": "FlatNamedList"},
        "MemberFlat": {"shape": "PlainList", "flattened": true, "locationName": "Item"},
        "Dict": {"shape": "Dict"},
        "FlatDict": {"shape": "FlatDict", "locationName": "Attribute"},
        "Who": {"shape": "Grantee"},
        "Nested": {"shape": "Doc"}
      }},
      "Grantee": {"type": "structure",
        "xmlNamespace": {"prefix": "xsi", "uri": "http://www.w3.org/2001/XMLSchema-instance"},
        "members": {
          "Type": {"shape": "S", "xmlAttribute": true, "locationName": "xsi:type"},
          "ID": {"shape": "S"}
        }},
      "PlainList": {"type": "list", "member": {"shape": "S"}},
      "NamedList": {"type": "list", "member": {"shape": "S", "locationName": "Entry"}},
      "FlatList": {"type": "list", "flattened": true, "member": {"shape": "S"}},
      "FlatNamedList": {"type": "list", "flattened": true,
                        "member": {"shape": "S", "locationName": "Thing"}},
      "Dict": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "I"}},
      "FlatDict": {"type": "map", "flattened": true,
                   "key": {"shape": "S", "locationName": "Name"},
                   "value": {"shape": "S", "locationName": "Value"}},
      "S": {"type": "string"},
      "I": {"type": "integer"},
      "D": {"type": "double"},
      "B": {"type": "boolean"},
      "T": {"type": "timestamp"},
      "Blob": {"type": "blob"}
    }})"),
                                                 json::object());
  return *model;
}

const models::Shape& Doc() { return *TestModel().FindShape("Doc"); }

const XmlReadError kError{"MalformedXML", "bad"};

std::string Write(const json& document) {
  XmlWriter out(/*declaration=*/false);
  out.Open("Doc");
  WriteXmlAttributes(out, Doc(), document);
  WriteXmlMembers(out, Doc(), document);
  return out.Finish();
}

json Read(const std::string& xml) {
  pugi::xml_document document;
  EXPECT_TRUE(document.load_string(xml.c_str(), kXmlParseOptions)) << xml;
  return ReadXmlStructure(document.document_element(), Doc(), kError);
}

TEST(XmlShapeTest, ScalarsAndNames) {
  json document = {{"Name", "a&b"},
                   {"Renamed", "r"},
                   {"Header", "not in the body"},
                   {"Count", 42},
                   {"Ratio", 1.5},
                   {"On", false},
                   {"When", 0.25},
                   {"WhenEpoch", 1700000000.5},
                   {"Data", "AAE="},
                   {"Missing", nullptr}};
  EXPECT_EQ(Write(document),
            "<Doc><Count>42</Count><Data>AAE=</Data><Name>a&amp;b</Name><On>false</On>"
            "<Ratio>1.5</Ratio><WireName>r</WireName><When>1970-01-01T00:00:00.250Z</When>"
            "<WhenEpoch>1700000000.5</WhenEpoch></Doc>");
}

TEST(XmlShapeTest, ListNaming) {
  json document = {{"Plain", {"a", "b"}},
                   {"Named", {"c"}},
                   {"Flat", {"d", "e"}},
                   {"FlatNamed", {"f"}},
                   {"MemberFlat", {"g", "h"}}};
  EXPECT_EQ(Write(document),
            "<Doc><Flat>d</Flat><Flat>e</Flat>"
            "<Thing>f</Thing>"  // a flattened list's item locationName wins, as botocore parses
            "<Item>g</Item><Item>h</Item>"
            "<Named><Entry>c</Entry></Named>"
            "<Plain><member>a</member><member>b</member></Plain></Doc>");
  EXPECT_EQ(Read(Write(document)), document);
}

TEST(XmlShapeTest, FlattenedListAcceptsTheMemberNameToo) {
  // botocore's serializer names flattened items after the member; its parser after the item.
  EXPECT_EQ(Read("<Doc><FlatNamed>x</FlatNamed><Thing>y</Thing></Doc>"),
            (json{{"FlatNamed", {"x", "y"}}}));
}

TEST(XmlShapeTest, MapNaming) {
  json document = {{"Dict", {{"one", 1}, {"two", 2}}}, {"FlatDict", {{"k", "v"}}}};
  EXPECT_EQ(Write(document),
            "<Doc><Dict><entry><key>one</key><value>1</value></entry>"
            "<entry><key>two</key><value>2</value></entry></Dict>"
            "<Attribute><Name>k</Name><Value>v</Value></Attribute></Doc>");
  EXPECT_EQ(Read(Write(document)), document);
}

TEST(XmlShapeTest, AttributesWithTheirNamespace) {
  json document = {{"Who", {{"Type", "CanonicalUser"}, {"ID", "abc"}}}};
  std::string xml = Write(document);
  EXPECT_EQ(xml,
            "<Doc><Who xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            "xsi:type=\"CanonicalUser\"><ID>abc</ID></Who></Doc>");
  EXPECT_EQ(Read(xml), document);
  // Another prefix bound to the same namespace reads the same.
  EXPECT_EQ(Read("<Doc><Who xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" "
                 "i:type=\"Group\"><ID>x</ID></Who></Doc>"),
            (json{{"Who", {{"Type", "Group"}, {"ID", "x"}}}}));
}

TEST(XmlShapeTest, NestedStructuresRoundTrip) {
  json document = {{"Name", "outer"},
                   {"Nested", {{"Name", "inner"}, {"Flat", {"x"}}, {"When", 1255369830.5}}}};
  EXPECT_EQ(Read(Write(document)), document);
}

TEST(XmlShapeTest, ReadingIgnoresUnknownElementsAndPrefixes) {
  EXPECT_EQ(Read("<Doc xmlns=\"urn:x\"><Unknown><Deep/></Unknown><s3:Name xmlns:s3=\"urn:y\">n"
                 "</s3:Name><Count> 7</Count></Doc>")
                .at("Name"),
            "n");
}

TEST(XmlShapeTest, ReadingTimestampsInEveryAwsForm) {
  EXPECT_EQ(Read("<Doc><When>2009-10-12T17:50:30.000Z</When></Doc>")["When"], 1255369830);
  EXPECT_EQ(Read("<Doc><When>2009-10-12T17:50:30Z</When></Doc>")["When"], 1255369830);
  EXPECT_EQ(Read("<Doc><WhenEpoch>1255369830</WhenEpoch></Doc>")["WhenEpoch"], 1255369830);
}

TEST(XmlShapeTest, BadScalarsThrowTheCallersCode) {
  for (const char* xml :
       {"<Doc><Count>many</Count></Doc>", "<Doc><On>yes</On></Doc>", "<Doc><When>soon</When></Doc>",
        "<Doc><Dict><entry><key>k</key>"
        "<value>x</value></entry></Dict></Doc>"}) {
    try {
      Read(xml);
      ADD_FAILURE() << "no error for " << xml;
    } catch (const AwsError& error) {
      EXPECT_EQ(error.code, "MalformedXML");
      EXPECT_EQ(error.message, "bad");
      EXPECT_EQ(error.status, 400);
    }
  }
}

TEST(XmlShapeTest, DoctypeIsVisible) {
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string("<!DOCTYPE d [<!ENTITY e \"x\">]><Doc><Name>&e;</Name></Doc>",
                                   kXmlParseOptions));
  EXPECT_TRUE(HasDoctype(document));
  // Even read, the entity is not expanded.
  EXPECT_EQ(ReadXmlStructure(document.document_element(), Doc(), kError)["Name"], "&e;");
}

}  // namespace
}  // namespace terrarium::protocols
