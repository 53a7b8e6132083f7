# Regions and zones where DC2 virtual machines, and so custom images, exist.
data "didiyun_regions" "all" {}

output "zones_by_region" {
  value = { for region in data.didiyun_regions.all.regions : region.id => region.zones[*].id }
}
