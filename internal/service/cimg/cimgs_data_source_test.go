package cimg_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

const imagesAddr = "data.didiyun_cimgs.test"

func imagesConfig(env *acctest.Env, providerRegion, arguments string) string {
	return env.ProviderConfig(providerRegion) + fmt.Sprintf(`
data "didiyun_cimgs" "test" {
%s
}
`, arguments)
}

// mockImageCount checks that images holds as many entries as the mock has
// images in region when the check runs, not when the test was written.
type mockImageCount struct {
	env    *acctest.Env
	region string
}

func (c mockImageCount) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	want := len(c.env.Mock.Images(c.region))
	if want == 0 {
		resp.Error = fmt.Errorf("the mock holds no image in region %s, so the check would prove nothing", c.region)
		return
	}
	statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("images"), knownvalue.ListSizeExact(want)).CheckState(ctx, req, resp)
}

// uuidsInOrder expects images to hold exactly these uuids, in this order.
func uuidsInOrder(uuids ...string) statecheck.StateCheck {
	items := make([]knownvalue.Check, len(uuids))
	for i, uuid := range uuids {
		items[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"uuid": knownvalue.StringExact(uuid)})
	}
	return statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("images"), knownvalue.ListExact(items))
}

func TestAccCIMGsDataSource_all(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: imagesConfig(env, "gz", `  region_id = "bj"`),
				ConfigStateChecks: []statecheck.StateCheck{
					mockImageCount{env: env, region: "bj"},
					// The API lists the oldest first.
					uuidsInOrder(mockserver.SeedImageBJShared, mockserver.SeedImageBJ, mockserver.SeedImageBJ02),
					statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("id"), knownvalue.StringExact("bj")),
					statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("region_id"), knownvalue.StringExact("bj")),
				},
			},
		},
	})
}

// More images than one ListCIMG page holds must all be read.
func TestAccCIMGsDataSource_paging(t *testing.T) {
	env := acctest.NewEnv(t)
	for i := range 130 {
		env.Mock.AddImage(mockserver.Image{Name: fmt.Sprintf("batch-%03d", i), Regions: []string{"bj"}})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: imagesConfig(env, "bj", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					mockImageCount{env: env, region: "bj"},
					statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("images"), knownvalue.ListSizeExact(133)),
				},
			},
		},
	})
}

func TestAccCIMGsDataSource_names(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: imagesConfig(env, "gz", fmt.Sprintf(`  region_id = "bj"
  names     = [%q, %q]`, mockserver.SeedImageBJ02Name, mockserver.SeedImageBJName)),
				ConfigStateChecks: []statecheck.StateCheck{
					uuidsInOrder(mockserver.SeedImageBJ, mockserver.SeedImageBJ02),
					statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("images").AtSliceIndex(1).AtMapKey("name"),
						knownvalue.StringExact(mockserver.SeedImageBJ02Name)),
					statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^bj/[0-9a-f]{16}$`))),
				},
			},
			{
				Config: imagesConfig(env, "gz", `  region_id = "bj"
  names     = ["no-such-image"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("images"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

func TestAccCIMGsDataSource_nameRegex(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// No region_id: the provider's region applies.
				Config: imagesConfig(env, "gz", `  name_regex = "-base$"`),
				ConfigStateChecks: []statecheck.StateCheck{
					uuidsInOrder(mockserver.SeedImageGZUbuntu, mockserver.SeedImageGZ),
					statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("region_id"), knownvalue.StringExact("gz")),
				},
			},
			{
				Config: imagesConfig(env, "gz", fmt.Sprintf(`  names      = [%q, %q]
  name_regex = "scratch"`, mockserver.SeedImageGZName, mockserver.SeedImageGZDeleteName)),
				ConfigStateChecks: []statecheck.StateCheck{
					uuidsInOrder(mockserver.SeedImageGZDelete),
				},
			},
		},
	})
}

func TestAccCIMGsDataSource_shared(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: imagesConfig(env, "bj", fmt.Sprintf(`  names = [%q]`, mockserver.SeedImageBJSharedName)),
				ConfigStateChecks: []statecheck.StateCheck{
					// ObjectExact: every attribute of an image is reported.
					statecheck.ExpectKnownValue(imagesAddr, tfjsonpath.New("images"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"uuid":          knownvalue.StringExact(mockserver.SeedImageBJShared),
							"cimg_id":       knownvalue.StringExact("cimg-sh4r3dbj"),
							"name":          knownvalue.StringExact(mockserver.SeedImageBJSharedName),
							"description":   knownvalue.StringExact(""),
							"status":        knownvalue.StringExact(mockserver.ImageStatusReady),
							"is_shared":     knownvalue.Bool(true),
							"regions":       knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("bj")}),
							"size":          knownvalue.Int64Exact(612368384),
							"min_disk_size": knownvalue.Int64Exact(8 << 30),
							"os_family":     knownvalue.StringExact("Ubuntu"),
							"os_version":    knownvalue.StringExact("20.04"),
							"os_arch":       knownvalue.StringExact("64bit"),
							"platform":      knownvalue.StringExact("Linux"),
							"create_time":   knownvalue.StringExact(time.Date(2020, 9, 1, 10, 0, 0, 0, time.UTC).Format(time.RFC3339)),
						}),
					})),
				},
			},
		},
	})
}

func TestAccCIMGsDataSource_invalidRegex(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      imagesConfig(env, "gz", `  name_regex = "web-(base"`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Regular Expression.*missing closing \)`),
			},
		},
	})
	// Rejected at validation, before any image was listed.
	if n := env.Mock.Count(mockserver.EndpointListCIMG); n != 0 {
		t.Errorf("ListCIMG was called %d times for an invalid name_regex; want 0", n)
	}
}
