# The configuration `make demo` applies against the standalone mock server.
# The provider reads DIDIYUN_ENDPOINT, DIDIYUN_TOKEN and DIDIYUN_REGION (gz).
terraform {
  required_providers {
    didiyun = {
      source = "didiyun/didiyun"
    }
  }
}

provider "didiyun" {}

data "didiyun_regions" "all" {}

# The base image, looked up by name in Beijing.
data "didiyun_cimg" "base" {
  region_id = "bj"
  name      = "centos-7.9-base"
}

# Copy it into the provider's region.
resource "didiyun_cimg_import" "web" {
  name              = "web-base-gz"
  origin_image_uuid = data.didiyun_cimg.base.id
  origin_region_id  = data.didiyun_cimg.base.region_id
  description       = "base image for web servers"
}

# The copy as the data sources see it once it exists.
data "didiyun_cimgs" "copies" {
  names = [didiyun_cimg_import.web.name]
}

output "image_id" {
  value = didiyun_cimg_import.web.id
}

output "regions" {
  value = data.didiyun_regions.all.ids
}

output "copies_in_gz" {
  value = [for image in data.didiyun_cimgs.copies.images : {
    uuid        = image.uuid
    name        = image.name
    status      = image.status
    os          = "${image.os_family} ${image.os_version}"
    size        = image.size
    create_time = image.create_time
  }]
}
