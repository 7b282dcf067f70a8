# A results table keyed by job id and attempt.

variable "name" {
  type = string
}

resource "aws_dynamodb_table" "this" {
  name         = var.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "job_id"
  range_key    = "attempt"

  attribute {
    name = "job_id"
    type = "S"
  }

  attribute {
    name = "attempt"
    type = "N"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }
}

output "table_arn" {
  value = aws_dynamodb_table.this.arn
}

output "table_name" {
  value = aws_dynamodb_table.this.name
}
