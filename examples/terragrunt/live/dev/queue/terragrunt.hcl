include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "../../../modules/queue"
}

inputs = {
  name               = "dev-sandbox-jobs"
  max_receive_count  = 3
  visibility_timeout = 45
}
