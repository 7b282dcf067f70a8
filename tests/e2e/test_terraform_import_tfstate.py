"""A state made by a real `terraform apply` against one emulator, imported with `terrarium
import tfstate` into a fresh emulator, gives a clean `terraform plan` there (the second emulator
now holds what the state describes); `terrarium drift --tfstate` agrees."""

import json
import os
import shutil
import subprocess
import unittest

from harness import Server, clean_env, terrarium_bin
from terraform_support import TerraformTestCase

CONFIG = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0, < 6.0" }
  }
}
variable "endpoint" { type = string }
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
    sqs      = var.endpoint
    sts      = var.endpoint
  }
}
resource "aws_sqs_queue" "jobs" {
  for_each                   = toset(["a", "b"])
  name                       = "import-jobs-${each.key}"
  visibility_timeout_seconds = 45
  tags                       = { team = "core" }
}
resource "aws_s3_bucket" "assets" {
  bucket = "import-assets"
  tags   = { env = "dev" }
}
resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_dynamodb_table" "orders" {
  name         = "import-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}
"""


class TerraformImportTest(TerraformTestCase):
    def test_applied_state_imports_into_a_fresh_emulator_with_a_clean_plan(self):
        directory = os.path.join(self.workdir, "import")
        os.makedirs(directory)
        with open(os.path.join(directory, "main.tf"), "w") as f:
            f.write(CONFIG)
        self.init(directory)
        self.apply(directory)
        state = os.path.join(self.workdir, "applied.tfstate")
        shutil.copy(os.path.join(directory, "terraform.tfstate"), state)

        fresh = Server().start()
        try:
            proc = subprocess.run([terrarium_bin(), "import", "tfstate", state, "--endpoint",
                                   fresh.endpoint], capture_output=True, text=True, timeout=120,
                                  env=clean_env())
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertIn("\n4 created\n", proc.stdout)  # the versioning merged onto its bucket
            self.terraform(directory, "plan", "-detailed-exitcode", "-input=false",
                           env={"TF_VAR_endpoint": fresh.endpoint}, expect=0)
            proc = subprocess.run([terrarium_bin(), "drift", "--tfstate", state, "--format",
                                   "json", "--endpoint", fresh.endpoint],
                                  capture_output=True, text=True, timeout=120, env=clean_env())
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertEqual(json.loads(proc.stdout)["Summary"]["IN_SYNC"], 4)
        finally:
            fresh.stop()
            fresh.cleanup()


if __name__ == "__main__":
    unittest.main()
