# A work queue with its dead-letter queue.

variable "name" {
  type = string
}

variable "max_receive_count" {
  description = "Receives before a message moves to the dead-letter queue."
  type        = number
  default     = 5
}

variable "visibility_timeout" {
  type    = number
  default = 30
}

resource "aws_sqs_queue" "dead_letters" {
  name = "${var.name}-dlq"
}

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letters.arn
    maxReceiveCount     = var.max_receive_count
  })
}

output "queue_arn" {
  value = aws_sqs_queue.this.arn
}

output "queue_url" {
  value = aws_sqs_queue.this.id
}

output "dead_letter_queue_arn" {
  value = aws_sqs_queue.dead_letters.arn
}
