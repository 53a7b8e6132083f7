# An image in a given region:
terraform import didiyun_cimg.web gz/14eebc3af5ac42bd88c6444dc56f9e15

# An image in the provider's region:
terraform import didiyun_cimg.web 14eebc3af5ac42bd88c6444dc56f9e15
