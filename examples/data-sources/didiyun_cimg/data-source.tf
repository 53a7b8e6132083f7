# The newest build of the golden image in Beijing, copied into the
# provider's region.
data "didiyun_cimg" "golden" {
  region_id   = "bj"
  name        = "web-golden"
  most_recent = true
}

resource "didiyun_cimg_import" "golden" {
  name              = data.didiyun_cimg.golden.name
  origin_image_uuid = data.didiyun_cimg.golden.id
  origin_region_id  = data.didiyun_cimg.golden.region_id
}
