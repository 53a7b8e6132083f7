# An image in a given region:
terraform import didiyun_cimg.web gz/7d3e1a4f9c5f6e8a0b2c3d4e5f607182

# An image in the provider's region:
terraform import didiyun_cimg.web 7d3e1a4f9c5f6e8a0b2c3d4e5f607182
