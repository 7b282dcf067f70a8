variable "endpoint" {
  description = "Where Terrarium listens; every AWS endpoint of the provider points here."
  type        = string
  default     = "http://localhost:4566"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "environment" {
  description = "Prefix of every name, and the environment tag."
  type        = string
  default     = "dev"
}

variable "lambda_zip" {
  description = "The consumer's deployment package: lambda/consumer.py zipped (see README.md)."
  type        = string
  default     = "build/consumer.zip"
}
