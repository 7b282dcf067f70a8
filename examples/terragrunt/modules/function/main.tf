# A python worker that takes jobs from a queue and writes results to a table.

variable "name" {
  type = string
}

variable "package" {
  description = "Path of the deployment package (a zip)."
  type        = string
}

variable "queue_arn" {
  type = string
}

variable "queue_url" {
  type = string
}

variable "table_arn" {
  type = string
}

variable "table_name" {
  type = string
}

resource "aws_iam_role" "this" {
  name = var.name

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "work" {
  name = "work"
  role = aws_iam_role.this.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
        Resource = var.queue_arn
      },
      {
        Effect   = "Allow"
        Action   = "dynamodb:PutItem"
        Resource = var.table_arn
      },
    ]
  })
}

resource "aws_lambda_function" "this" {
  function_name    = var.name
  role             = aws_iam_role.this.arn
  runtime          = "python3.12"
  handler          = "worker.handler"
  filename         = var.package
  source_code_hash = filebase64sha256(var.package)
  timeout          = 15

  environment {
    variables = {
      QUEUE_URL  = var.queue_url
      TABLE_NAME = var.table_name
    }
  }
}

output "function_name" {
  value = aws_lambda_function.this.function_name
}

output "role_arn" {
  value = aws_iam_role.this.arn
}
