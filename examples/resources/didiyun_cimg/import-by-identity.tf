# Terraform 1.12 and later: name the image by its identity. region_id may be
# left out for the provider's region.
import {
  to = didiyun_cimg.by_identity
  identity = {
    region_id = "gz"
    id        = "7d3e1a4f9c5f6e8a0b2c3d4e5f607182"
  }
}

resource "didiyun_cimg" "by_identity" {
  name      = "ubuntu-18.04-base"
  snap_uuid = "3fd352092a3f553cb124223f6a7f09b4"
}
