# Terraform 1.5 and later: an import block with the import ID.
import {
  to = didiyun_cimg.ubuntu
  id = "gz/7d3e1a4f9c5f6e8a0b2c3d4e5f607182"
}

resource "didiyun_cimg" "ubuntu" {
  name      = "ubuntu-18.04-base"
  snap_uuid = "3fd352092a3f553cb124223f6a7f09b4"
}
