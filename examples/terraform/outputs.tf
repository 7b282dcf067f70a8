output "bucket" {
  value = aws_s3_bucket.uploads.id
}

output "table" {
  value = aws_dynamodb_table.uploads.name
}

output "table_stream_arn" {
  value = aws_dynamodb_table.uploads.stream_arn
}

output "events_queue_url" {
  value = aws_sqs_queue.events.id
}

output "orders_queue_url" {
  value = aws_sqs_queue.orders.id
}

output "function" {
  value = aws_lambda_function.consumer.function_name
}
