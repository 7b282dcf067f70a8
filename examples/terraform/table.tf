# One row per processed upload: pk = the bucket, sk = the object key and version. The GSI finds
# uploads by status; rows expire through TTL; the stream feeds whatever comes next.
resource "aws_dynamodb_table" "uploads" {
  name         = "${var.environment}-uploads"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  attribute {
    name = "status"
    type = "S"
  }

  attribute {
    name = "processed_at"
    type = "N"
  }

  global_secondary_index {
    name            = "by-status"
    hash_key        = "status"
    range_key       = "processed_at"
    projection_type = "KEYS_ONLY"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  point_in_time_recovery {
    enabled = false
  }

  tags = {
    purpose = "upload index"
  }
}
