# The configuration `make demo` applies against the standalone mock server.
# The provider reads DIDIYUN_ENDPOINT, DIDIYUN_TOKEN and DIDIYUN_REGION.
terraform {
  required_providers {
    didiyun = {
      source = "didiyun/didiyun"
    }
  }
}

provider "didiyun" {}

resource "didiyun_cimg_import" "web" {
  name              = "web-base-gz"
  origin_image_uuid = "4a48f88391134a01befe88ff98b68af8"
  origin_region_id  = "bj"
  description       = "base image for web servers"
}

output "image_id" {
  value = didiyun_cimg_import.web.id
}

output "image" {
  value = {
    status      = didiyun_cimg_import.web.status
    region_id   = didiyun_cimg_import.web.region_id
    size        = didiyun_cimg_import.web.size
    os          = "${didiyun_cimg_import.web.os_family} ${didiyun_cimg_import.web.os_version}"
    create_time = didiyun_cimg_import.web.create_time
  }
}
