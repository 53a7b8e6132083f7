package cimg_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

const imageAddr = "data.didiyun_cimg.test"

func imageConfig(env *acctest.Env, providerRegion, arguments string) string {
	return env.ProviderConfig(providerRegion) + fmt.Sprintf(`
data "didiyun_cimg" "test" {
%s
}
`, arguments)
}

// addDuplicates stores two gz images named name, the newer first so that
// storage order cannot pass for create-time order, and one even newer in bj
// that must never be picked. It returns the uuids of the older and newer.
func addDuplicates(env *acctest.Env, name string) (older, newer string) {
	base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	newer = env.Mock.AddImage(mockserver.Image{Name: name, Regions: []string{"gz"}, CreateTime: base.Add(time.Hour).UnixMilli()}).CIMGUUID
	older = env.Mock.AddImage(mockserver.Image{Name: name, Regions: []string{"gz"}, CreateTime: base.UnixMilli()}).CIMGUUID
	env.Mock.AddImage(mockserver.Image{Name: name, Regions: []string{"bj"}, CreateTime: base.Add(2 * time.Hour).UnixMilli()})
	return older, newer
}

func TestAccCIMGDataSource_byUUID(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: imageConfig(env, "gz", fmt.Sprintf(`  region_id = "bj"
  uuid      = %q`, mockserver.SeedImageBJ)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("id"), knownvalue.StringExact(mockserver.SeedImageBJ)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("name"), knownvalue.StringExact(mockserver.SeedImageBJName)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("region_id"), knownvalue.StringExact("bj")),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("most_recent"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("cimg_id"), knownvalue.StringExact("cimg-c7base01")),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("status"), knownvalue.StringExact(mockserver.ImageStatusReady)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("os_family"), knownvalue.StringExact("CentOS")),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("size"), knownvalue.Int64Exact(549899264)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("is_shared"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("regions"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("bj")})),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("create_time"), knownvalue.StringExact("2020-10-01T10:00:00Z")),
				},
			},
			{
				Config: imageConfig(env, "gz", fmt.Sprintf(`  region_id = "bj"
  uuid      = %q`, mockserver.SeedImageBJShared)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("is_shared"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

func TestAccCIMGDataSource_byName(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// No region_id: the provider's region applies.
				Config: imageConfig(env, "bj", fmt.Sprintf(`  name = %q`, mockserver.SeedImageBJ02Name)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("id"), knownvalue.StringExact(mockserver.SeedImageBJ02)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("uuid"), knownvalue.StringExact(mockserver.SeedImageBJ02)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("region_id"), knownvalue.StringExact("bj")),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("cimg_id"), knownvalue.StringExact("cimg-cy58anir")),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("create_time"),
						knownvalue.StringExact(time.UnixMilli(1603799470000).UTC().Format(time.RFC3339))),
				},
			},
		},
	})
}

func TestAccCIMGDataSource_mostRecent(t *testing.T) {
	env := acctest.NewEnv(t)
	_, newer := addDuplicates(env, "app-golden")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: imageConfig(env, "gz", `  name        = "app-golden"
  most_recent = true`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("id"), knownvalue.StringExact(newer)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("most_recent"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(imageAddr, tfjsonpath.New("create_time"), knownvalue.StringExact("2024-03-01T09:00:00Z")),
				},
			},
		},
	})
}

func TestAccCIMGDataSource_multiple(t *testing.T) {
	env := acctest.NewEnv(t)
	older, newer := addDuplicates(env, "app-golden")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: imageConfig(env, "gz", `  name = "app-golden"`),
				// Terraform wraps long details, hence \s+ between words.
				ExpectError: regexp.MustCompile(`(?s)Multiple Custom Images Found.*2\s+custom\s+images.*` +
					older + `.*` + newer + `.*most_recent\s+=\s+true`),
			},
		},
	})
}

func TestAccCIMGDataSource_notFound(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      imageConfig(env, "gz", `  name = "no-such-image"`),
				ExpectError: regexp.MustCompile(`(?s)No Custom Image Found.*"no-such-image".*region\s+gz`),
			},
			{
				// The image exists, but in bj.
				Config:      imageConfig(env, "gz", fmt.Sprintf(`  uuid = %q`, mockserver.SeedImageBJ)),
				ExpectError: regexp.MustCompile(`(?s)No Custom Image Found.*` + mockserver.SeedImageBJ + `.*region\s+gz`),
			},
		},
	})
}

func TestAccCIMGDataSource_uuidAndName(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: imageConfig(env, "bj", fmt.Sprintf(`  uuid = %q
  name = %q`, mockserver.SeedImageBJ, mockserver.SeedImageBJName)),
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`),
			},
			{
				Config:      imageConfig(env, "bj", `  most_recent = true`),
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`),
			},
			{
				Config: imageConfig(env, "bj", fmt.Sprintf(`  uuid        = %q
  most_recent = true`, mockserver.SeedImageBJ)),
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`),
			},
		},
	})
}

// The usual use: look an image up, then copy it to another region.
func TestAccCIMGDataSource_chainedImport(t *testing.T) {
	env := acctest.NewEnv(t)
	importTest(t, env, []resource.TestStep{
		{
			Config: env.ProviderConfig("gz") + fmt.Sprintf(`
data "didiyun_cimg" "base" {
  region_id = "bj"
  name      = %q
}

resource "didiyun_cimg_import" "test" {
  name              = "web-base-gz"
  origin_image_uuid = data.didiyun_cimg.base.id
  origin_region_id  = data.didiyun_cimg.base.region_id
}
`, mockserver.SeedImageBJName),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("origin_image_uuid"), knownvalue.StringExact(mockserver.SeedImageBJ)),
				statecheck.CompareValuePairs("data.didiyun_cimg.base", tfjsonpath.New("id"),
					importAddr, tfjsonpath.New("origin_image_uuid"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.didiyun_cimg.base", tfjsonpath.New("os_family"),
					importAddr, tfjsonpath.New("os_family"), compare.ValuesSame()),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("region_id"), knownvalue.StringExact("gz")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
	})
}
