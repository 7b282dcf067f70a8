# State kept in the emulator's bucket `terraform-state`. The state key and the lock come from the
# backend configuration file given at init (a backend block takes no variables):
#   terraform init -backend-config=lockfile.tfbackend       an S3 lock file, <key>.tflock
#   terraform init -backend-config=dynamodb-lock.tfbackend  an item in the table terraform-locks
# For an endpoint other than localhost:4566, add one more -backend-config file with the
# endpoints map (see ../../README.md).
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }

  backend "s3" {
    bucket  = "terraform-state"
    region  = "us-east-1"
    encrypt = true

    access_key                  = "test"
    secret_key                  = "test"
    use_path_style              = true
    skip_credentials_validation = true
    skip_metadata_api_check     = true
    skip_requesting_account_id  = true

    endpoints = {
      s3       = "http://localhost:4566"
      dynamodb = "http://localhost:4566"
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
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true

  endpoints {
    sqs = var.endpoint
  }
}

# Something whose creation takes a while (the provider waits for SQS to settle), so two applies
# started together meet on the lock.
resource "aws_sqs_queue" "jobs" {
  name                       = "jobs"
  visibility_timeout_seconds = 30
}

output "queue_url" {
  value = aws_sqs_queue.jobs.id
}
