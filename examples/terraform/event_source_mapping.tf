# The consumer polls the events queue; failed batches go back to the queue and, after five
# receives, to the dead-letter queue.
resource "aws_lambda_event_source_mapping" "events" {
  event_source_arn                   = aws_sqs_queue.events.arn
  function_name                      = aws_lambda_function.consumer.arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 1

  # The function needs its permissions before the mapping starts polling.
  depends_on = [aws_iam_role_policy.consumer]
}

output "event_source_mapping" {
  value = aws_lambda_event_source_mapping.events.uuid
}
