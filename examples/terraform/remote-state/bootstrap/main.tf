# The state bucket and the lock table, created once with local state (the usual bootstrap:
# a backend cannot create the bucket it lives in).
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

variable "endpoint" {
  type    = string
  default = "http://localhost:4566"
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true

  endpoints {
    dynamodb = var.endpoint
    s3       = var.endpoint
  }
}

resource "aws_s3_bucket" "state" {
  bucket = "terraform-state"
  # The example is disposable; on AWS keep the default (false) for a state bucket.
  force_destroy = true
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Only for backends that lock with `dynamodb_table` (deprecated since Terraform 1.11 in favour of
# `use_lockfile`, still common).
resource "aws_dynamodb_table" "locks" {
  name         = "terraform-locks"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}
