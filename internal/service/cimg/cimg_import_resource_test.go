package cimg_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

const importAddr = "didiyun_cimg_import.test"

// importTest runs steps in parallel on env's mock, with the pre-check and
// provider factories of every test, and checks that no didiyun_cimg_import
// is left behind.
func importTest(t *testing.T, env *acctest.Env, steps []resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             env.CheckImagesDestroyed("didiyun_cimg_import"),
		Steps:                    steps,
	})
}

func importConfig(env *acctest.Env, name, origin, description string) string {
	return env.ProviderConfig("gz") + fmt.Sprintf(`
resource "didiyun_cimg_import" "test" {
  name              = %q
  origin_image_uuid = %q
  origin_region_id  = "bj"
  description       = %q
}
`, name, origin, description)
}

func TestAccCIMGImport_basic(t *testing.T) {
	env := acctest.NewEnv(t)
	importTest(t, env, []resource.TestStep{
		{
			Config: importConfig(env, "web-base-gz", mockserver.SeedImageBJ, "base image"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`))),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("name"), knownvalue.StringExact("web-base-gz")),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("region_id"), knownvalue.StringExact("gz")),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("status"), knownvalue.StringExact("Ready")),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("os_family"), knownvalue.StringExact("CentOS")),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("os_version"), knownvalue.StringExact("7")),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("platform"), knownvalue.StringExact("Linux")),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("size"), knownvalue.Int64Exact(549899264)),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("description"), knownvalue.StringExact("base image")),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("create_time"),
					knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`))),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
	})
}
