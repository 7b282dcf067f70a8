# The upload bucket: versioned, encrypted, private, old versions expire, and every new object
# under uploads/ is announced on the events queue.

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "uploads" {
  bucket        = "${var.environment}-uploads-${data.aws_caller_identity.current.account_id}"
  force_destroy = true

  tags = {
    purpose = "user uploads"
  }
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = false
  }
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  # Lifecycle rules apply to versions, so they need versioning in place first.
  depends_on = [aws_s3_bucket_versioning.uploads]

  rule {
    id     = "expire-old-versions"
    status = "Enabled"

    filter {
      prefix = "uploads/"
    }

    noncurrent_version_expiration {
      noncurrent_days = 30
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  rule {
    id     = "tmp"
    status = "Enabled"

    filter {
      and {
        prefix = "tmp/"
        tags = {
          disposable = "true"
        }
      }
    }

    expiration {
      days = 1
    }
  }
}

# Only the consumer's role may read uploads, and only over TLS.
resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  # S3 refuses a policy while the public access block is being changed.
  depends_on = [aws_s3_bucket_public_access_block.uploads]

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ConsumerReads"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.consumer.arn }
        Action    = ["s3:GetObject", "s3:GetObjectVersion"]
        Resource  = "${aws_s3_bucket.uploads.arn}/uploads/*"
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  queue {
    id            = "new-uploads"
    queue_arn     = aws_sqs_queue.events.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "uploads/"
  }

  # S3 checks that it may send to the queue when the notification is saved.
  depends_on = [aws_sqs_queue_policy.events]
}

# A marker object, so the bucket is never created empty.
resource "aws_s3_object" "readme" {
  bucket       = aws_s3_bucket.uploads.id
  key          = "README.txt"
  content      = "Files under uploads/ are processed by ${aws_lambda_function.consumer.function_name}.\n"
  content_type = "text/plain"

  tags = {
    kind = "documentation"
  }
}
