# Terraform 1.14 and later, in a file such as images.tfquery.hcl next to the
# configuration that declares the provider:
#   terraform query                                    # shows what it finds
#   terraform query -generate-config-out=generated.tf  # writes resource and import blocks
list "didiyun_cimg_import" "gz_images" {
  provider = didiyun

  config {
    region_id  = "gz"
    name_regex = "gz-.*" # the whole name: gz-web-base, not old-gz-web
  }
}
