include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "../../../modules/function"
}

# Applied after queue and table; their outputs become this unit's inputs.
dependency "queue" {
  config_path = "../queue"

  mock_outputs = {
    queue_arn = "arn:aws:sqs:us-east-1:000000000000:mock"
    queue_url = "http://localhost:4566/000000000000/mock"
  }
}

dependency "table" {
  config_path = "../table"

  mock_outputs = {
    table_arn  = "arn:aws:dynamodb:us-east-1:000000000000:table/mock"
    table_name = "mock"
  }
}

inputs = {
  name       = "dev-sandbox-worker"
  package    = "${get_terragrunt_dir()}/../../../lambda/build/worker.zip"
  queue_arn  = dependency.queue.outputs.queue_arn
  queue_url  = dependency.queue.outputs.queue_url
  table_arn  = dependency.table.outputs.table_arn
  table_name = dependency.table.outputs.table_name
}
