// S3's errors, each once, with the extra fields S3 puts beside Code and Message.
#pragma once

#include <string>
#include <string_view>

#include "emulator/core/aws_error.h"

namespace terrarium::services::s3 {

inline AwsError NoSuchBucket(std::string_view bucket) {
  return AwsError("NoSuchBucket", "The specified bucket does not exist", 404)
      .With("BucketName", std::string(bucket));
}
inline AwsError NoSuchKey(std::string_view key) {
  return AwsError("NoSuchKey", "The specified key does not exist.", 404)
      .With("Key", std::string(key));
}
inline AwsError NoSuchVersion(std::string_view key, std::string_view version) {
  return AwsError("NoSuchVersion", "The specified version does not exist.", 404)
      .With("Key", std::string(key))
      .With("VersionId", std::string(version));
}
inline AwsError NoSuchUpload(std::string_view upload_id) {
  return AwsError("NoSuchUpload",
                  "The specified upload does not exist. The upload ID may be invalid, or the "
                  "upload may have been aborted or completed.",
                  404)
      .With("UploadId", std::string(upload_id));
}
inline AwsError InvalidArgument(const std::string& message, std::string_view name = {},
                                std::string_view value = {}) {
  AwsError error("InvalidArgument", message, 400);
  if (!name.empty()) error.With("ArgumentName", std::string(name));
  if (!name.empty()) error.With("ArgumentValue", std::string(value));
  return error;
}
inline AwsError InvalidRequest(const std::string& message) {
  return AwsError("InvalidRequest", message, 400);
}
inline AwsError PreconditionFailed(std::string_view condition) {
  return AwsError("PreconditionFailed",
                  "At least one of the pre-conditions you specified did not hold", 412)
      .With("Condition", std::string(condition));
}
inline AwsError MalformedXml() {
  return AwsError("MalformedXML",
                  "The XML you provided was not well-formed or did not validate against our "
                  "published schema",
                  400);
}
inline AwsError MethodNotAllowed(std::string_view method, std::string_view resource) {
  return AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.",
                  405)
      .With("Method", std::string(method))
      .With("ResourceType", std::string(resource));
}

}  // namespace terrarium::services::s3
