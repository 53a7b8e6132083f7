package region_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
)

const regionsAddr = "data.didiyun_regions.test"

func zone(id, name string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":   knownvalue.StringExact(id),
		"name": knownvalue.StringExact(name),
	})
}

// The regions and zones of the official ListRegionAndZone example.
var wantRegions = knownvalue.ListExact([]knownvalue.Check{
	knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":        knownvalue.StringExact("gz"),
		"name":      knownvalue.StringExact("广州"),
		"area_name": knownvalue.StringExact("华南地区"),
		"zones":     knownvalue.ListExact([]knownvalue.Check{zone("gz01", "广州一区"), zone("gz02", "广州二区")}),
	}),
	knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":        knownvalue.StringExact("bj"),
		"name":      knownvalue.StringExact("北京"),
		"area_name": knownvalue.StringExact("华北地区"),
		"zones":     knownvalue.ListExact([]knownvalue.Check{zone("bj01", "北京一区")}),
	}),
})

func TestAccRegionsDataSource_basic(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.ProviderConfig("gz") + `
data "didiyun_regions" "test" {}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(regionsAddr, tfjsonpath.New("id"), knownvalue.StringExact("dc2")),
					statecheck.ExpectKnownValue(regionsAddr, tfjsonpath.New("product"), knownvalue.StringExact("dc2")),
					statecheck.ExpectKnownValue(regionsAddr, tfjsonpath.New("ids"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("gz"), knownvalue.StringExact("bj")})),
					statecheck.ExpectKnownValue(regionsAddr, tfjsonpath.New("regions"), wantRegions),
				},
			},
			{
				Config: env.ProviderConfig("gz") + `
data "didiyun_regions" "test" {
  product = "ebs"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(regionsAddr, tfjsonpath.New("id"), knownvalue.StringExact("ebs")),
					statecheck.ExpectKnownValue(regionsAddr, tfjsonpath.New("product"), knownvalue.StringExact("ebs")),
					statecheck.ExpectKnownValue(regionsAddr, tfjsonpath.New("regions"), wantRegions),
				},
			},
		},
	})
}
