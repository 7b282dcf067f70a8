// Unit tests for the multipart/form-data parser behind S3's POST object.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/services/s3/form_data.h"

namespace terrarium::services::s3 {
namespace {

const std::string kForm =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"key\"\r\n\r\n"
    "uploads/${filename}\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"Policy\"\r\n\r\n"
    "eyJ9\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\n"
    "Content-Type: text/plain\r\n\r\n"
    "line1\r\n--Xy almost a boundary\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"ignored\"\r\n\r\n"
    "after the file\r\n"
    "--XyZ--\r\n";

void ExpectParsed(const FormData& form) {
  EXPECT_EQ(form.fields.at("key"), "uploads/${filename}");
  EXPECT_EQ(form.fields.at("policy"), "eyJ9");
  EXPECT_FALSE(form.fields.contains("ignored"));
  ASSERT_TRUE(form.has_file);
  EXPECT_EQ(form.filename, "a b.txt");
  EXPECT_EQ(form.file_content_type, "text/plain");
  EXPECT_EQ(kForm.substr(form.file_offset, form.file_length), "line1\r\n--Xy almost a boundary");
}

TEST(s3_form_data, Boundary) {
  EXPECT_EQ(FormBoundary("multipart/form-data; boundary=XyZ"), "XyZ");
  EXPECT_EQ(FormBoundary("Multipart/Form-Data; boundary=\"q r\"; charset=x"), "q r");
  EXPECT_EQ(FormBoundary("application/x-www-form-urlencoded"), std::nullopt);
}

TEST(s3_form_data, InMemory) { ExpectParsed(ParseFormData(Body::FromString(kForm), "XyZ")); }

TEST(s3_form_data, InFileWithOffset) {
  auto path = std::filesystem::temp_directory_path() / ("terrarium-form-" + NewUuid());
  { std::ofstream(path, std::ios::binary) << "PREFIX" << kForm; }
  FormData form = ParseFormData(Body::FromFile(path, 6, kForm.size(), true), "XyZ");
  ExpectParsed(form);
}

TEST(s3_form_data, Malformed) {
  EXPECT_THROW(ParseFormData(Body::FromString("--XyZ\r\nno headers end"), "XyZ"), AwsError);
  EXPECT_THROW(ParseFormData(Body::FromString("--XyZ\r\nContent-Disposition: form-data; "
                                              "name=\"key\"\r\n\r\nunterminated"),
                             "XyZ"),
               AwsError);
}

}  // namespace
}  // namespace terrarium::services::s3
