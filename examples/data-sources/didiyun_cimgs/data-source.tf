# Every CentOS image in Beijing that this account owns.
data "didiyun_cimgs" "centos" {
  region_id  = "bj"
  name_regex = "^centos-"
}

output "centos_image_uuids" {
  value = [for image in data.didiyun_cimgs.centos.images : image.uuid if !image.is_shared]
}
