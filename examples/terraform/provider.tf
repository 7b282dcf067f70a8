# Every service the stack uses answers on the emulator's one port. Against real AWS, delete the
# endpoints block, the static keys and the skip_* flags.
provider "aws" {
  region     = var.region
  access_key = "test"
  secret_key = "test"

  # The emulator serves buckets by path (http://host:4566/bucket), not as <bucket>.host.
  s3_use_path_style = true

  skip_credentials_validation = true
  skip_metadata_api_check     = true

  endpoints {
    dynamodb = var.endpoint
    iam      = var.endpoint
    lambda   = var.endpoint
    s3       = var.endpoint
    sqs      = var.endpoint
    sts      = var.endpoint
  }

  default_tags {
    tags = {
      environment = var.environment
      managed-by  = "terraform"
    }
  }
}
