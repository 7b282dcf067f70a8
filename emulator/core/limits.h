// Bounds on what clients can make the emulator hold in memory or on disk, each with a clear
// error at the bound (docs/cli.md lists the flags and environment variables that set them).
#pragma once

#include <cstddef>
#include <cstdint>

namespace terrarium {

struct ResourceLimits {
  // Requests waiting without a thread: SQS ReceiveMessage with WaitTimeSeconds and synchronous
  // Lambda Invokes. Past the bound a receive answers at once (with what the queue has, often
  // nothing) and an Invoke gets TooManyRequestsException.
  size_t max_pending_polls = 10000;
  // Multipart uploads in progress per bucket; CreateMultipartUpload past it gets SlowDown.
  size_t max_multipart_uploads_per_bucket = 10000;
  // The largest request body of a service without a limit of its own (S3 has 5 GiB, Lambda
  // 6 MB for Invoke and 70167211 bytes otherwise, DynamoDB 16 MiB, SQS the largest valid
  // request for a 1 MiB message).
  uint64_t max_request_body = 64ULL << 20;
};

}  // namespace terrarium
