# An image in a given region:
terraform import didiyun_cimg_import.web gz/cbdba09c4ad4475f9f3d399947aaa99e

# An image in the provider's region:
terraform import didiyun_cimg_import.web cbdba09c4ad4475f9f3d399947aaa99e
