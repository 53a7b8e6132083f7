# Make an image from a snapshot in the provider's region (gz). The snapshot
# must be in the region the image is made in.
resource "didiyun_cimg" "web" {
  name        = "web-base-2024-06"
  snap_uuid   = "3fd352092a3f553cb124223f6a7f09b4"
  description = "web server base, from the system disk of web-01"

  deletion_protection = true

  timeouts {
    create = "90m"
  }
}
