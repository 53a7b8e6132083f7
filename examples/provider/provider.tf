terraform {
  required_providers {
    didiyun = {
      source = "didiyun/didiyun"
    }
  }
}

# The token is best left out of files: set DIDIYUN_TOKEN instead.
provider "didiyun" {
  region = "gz"
  # endpoint        = "http://127.0.0.1:8765" # the mock server, for local tests
  # max_retries     = 5
  # request_timeout = "60s"
}
