# The newest image named centos-7.9-base in Beijing, copied into the
# provider's region.
data "didiyun_cimg" "golden" {
  region_id   = "bj"
  name        = "centos-7.9-base"
  most_recent = true
}

resource "didiyun_cimg_import" "golden" {
  name              = data.didiyun_cimg.golden.name
  origin_image_uuid = data.didiyun_cimg.golden.id
  origin_region_id  = data.didiyun_cimg.golden.region_id
}
