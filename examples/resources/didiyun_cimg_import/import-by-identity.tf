# Terraform 1.12 and later: name the image by its identity. region_id may be
# left out for the provider's region.
import {
  to = didiyun_cimg_import.by_identity
  identity = {
    region_id = "gz"
    id        = "cbdba09c4ad4475f9f3d399947aaa99e"
  }
}

resource "didiyun_cimg_import" "by_identity" {
  name              = "gz-web-base"
  origin_image_uuid = "4a48f88391134a01befe88ff98b68af8"
  origin_region_id  = "bj"
}
