# Copy the image 4a48f883... from Beijing into the provider's region (gz).
resource "didiyun_cimg_import" "web" {
  name              = "web-base-gz"
  origin_image_uuid = "4a48f88391134a01befe88ff98b68af8"
  origin_region_id  = "bj"
  description       = "base image for web servers"

  # A destroy or a replacement fails until this is set to false and applied.
  deletion_protection = true

  timeouts {
    create = "90m"
  }
}
