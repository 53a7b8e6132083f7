# Terraform 1.5 and later: an import block with the import ID.
import {
  to = didiyun_cimg_import.gz_web_base
  id = "gz/cbdba09c4ad4475f9f3d399947aaa99e"
}

resource "didiyun_cimg_import" "gz_web_base" {
  name              = "gz-web-base"
  origin_image_uuid = "4a48f88391134a01befe88ff98b68af8"
  origin_region_id  = "bj"
}
