# Root configuration, included by every unit under live/: it generates the AWS provider pointed
# at Terrarium and keeps each unit's state in the emulator's `terragrunt-state` bucket, under the
# unit's path (live/dev/queue/terraform.tfstate, ...), locked with an S3 lock file.

locals {
  endpoint = get_env("TERRARIUM_ENDPOINT", "http://localhost:4566")
}

generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<EOF
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_metadata_api_check     = true

  endpoints {
    dynamodb = "${local.endpoint}"
    iam      = "${local.endpoint}"
    lambda   = "${local.endpoint}"
    s3       = "${local.endpoint}"
    sqs      = "${local.endpoint}"
    sts      = "${local.endpoint}"
  }

  default_tags {
    tags = {
      managed-by = "terragrunt"
    }
  }
}
EOF
}

remote_state {
  backend = "s3"
  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }
  config = {
    bucket       = "terragrunt-state"
    key          = "${path_relative_to_include()}/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true

    access_key                  = "test"
    secret_key                  = "test"
    use_path_style              = true
    skip_credentials_validation = true
    skip_metadata_api_check     = true
    skip_requesting_account_id  = true
    endpoints = {
      s3 = local.endpoint
    }
  }
}
