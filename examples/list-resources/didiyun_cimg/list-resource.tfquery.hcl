# Terraform 1.14 and later, in a file such as images.tfquery.hcl next to the
# configuration that declares the provider:
#   terraform query -generate-config-out=generated.tf
list "didiyun_cimg" "ubuntu_images" {
  provider         = didiyun
  include_resource = true # each result with the attributes an import reads
  limit            = 20

  config {
    name_regex = "ubuntu-.*" # in the provider's region
  }
}
