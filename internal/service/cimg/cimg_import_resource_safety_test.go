package cimg_test

import (
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// twoCopies declares two copies that both want name (an HCL expression).
func twoCopies(env *acctest.Env, name string) string {
	return env.ProviderConfig("gz") + fmt.Sprintf(`
resource "terraform_data" "name" {
  input = "same"
}

resource "didiyun_cimg_import" "a" {
  name              = %[1]s
  origin_image_uuid = %[2]q
  origin_region_id  = "bj"
}

resource "didiyun_cimg_import" "b" {
  name              = %[1]s
  origin_image_uuid = %[2]q
  origin_region_id  = "bj"
}
`, name, mockserver.SeedImageBJ)
}

// TestAccCIMGImport_oneNameTwoResources: two resources that want one name
// never share an id nor leave an image no state holds, with answers lost or
// not. A name known at plan time fails the plan; one known only at apply
// lets at most one resource make the image: the other fails when Terraform
// plans it again at apply, or at the name check (the client's unit tests
// race many creates of one name). The image made is in state, so removing
// both resources leaves nothing behind (CheckDestroy).
func TestAccCIMGImport_oneNameTwoResources(t *testing.T) {
	lostAnswers := []mockserver.FaultRule{
		{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultLatency, Probability: 1, Latency: 300 * time.Millisecond},
		{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDrop, Probability: 1},
	}
	for _, lost := range []bool{false, true} {
		t.Run(fmt.Sprintf("answers lost=%v", lost), func(t *testing.T) {
			env := acctest.NewEnv(t)
			if lost {
				env.Mock.SetFaults(lostAnswers...)
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             expectNewImages(env, "gz", 0),
				Steps: []resource.TestStep{
					{
						Config: twoCopies(env, `"same"`),
						// The message names the other resource by what it copies.
						ExpectError: expectError(`(?s)Image Name Used Twice.*Another resource of this configuration, a didiyun_cimg_import with origin_image_uuid = "` +
							mockserver.SeedImageBJ + `", origin_region_id = "bj", also names`),
					},
					{
						PreConfig: func() {
							if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 0 {
								t.Errorf("a plan that failed sent %d ImportCIMG requests", n)
							}
						},
						Config:      twoCopies(env, "terraform_data.name.output"),
						ExpectError: regexp.MustCompile(`Image Name Used Twice|an image named "same" already exists in region gz`),
					},
					{
						PreConfig: func() {
							// A plan-time refusal sends nothing; an apply-time one
							// refuses the second create after the first made its image.
							sent := env.Mock.Count(mockserver.EndpointImportCIMG)
							if images := env.ImagesSince("gz"); len(images) != sent || sent > 1 {
								t.Errorf("%d ImportCIMG requests and %d new images, want as many, at most 1: %+v", sent, len(images), images)
							}
						},
						Config: env.ProviderConfig("gz"),
					},
				},
			})
		})
	}
}

// TestAccCIMG_providerRegionChange: an image without region_id stays in the
// region it was made in when the provider's region changes: the plan is
// empty, a rename happens in place there, and moving it with the same
// snapshot fails at plan time, before anything is deleted.
func TestAccCIMG_providerRegionChange(t *testing.T) {
	env := acctest.NewEnv(t)
	inRegion := func(region, name string, extra ...string) string {
		cfg := env.ProviderConfig(region) + "\nresource \"didiyun_cimg\" \"test\" {\n  name = \"" + name + "\"\n  " + snapGZ + "\n"
		for _, line := range extra {
			cfg += "  " + line + "\n"
		}
		return cfg + "}\n"
	}
	var id string
	resource.ParallelTest(t, cimgCase(t, env,
		resource.TestStep{
			Config: inRegion("gz", "moves-nowhere"),
			Check: func(s *terraform.State) error {
				id = s.RootModule().Resources[cimgAddr].Primary.ID
				return nil
			},
		},
		resource.TestStep{Config: inRegion("bj", "moves-nowhere"), PlanOnly: true},
		resource.TestStep{
			Config:           inRegion("bj", "renamed-in-gz"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: cimgAction(plancheck.ResourceActionUpdate)},
			ConfigStateChecks: []statecheck.StateCheck{
				cimgValue("region_id", knownvalue.StringExact("gz")),
				cimgValue("name", knownvalue.StringExact("renamed-in-gz")),
			},
		},
		resource.TestStep{
			Config:      inRegion("bj", "renamed-in-gz", `region_id = "bj"`),
			ExpectError: regexp.MustCompile(`(?s)Image Cannot Move to Another Region.*snapshot`),
		},
		resource.TestStep{
			PreConfig: func() {
				img, ok := env.Mock.Image(id)
				if !ok || img.Name != "renamed-in-gz" || img.Regions[0] != "gz" {
					t.Errorf("image %s after the refused move: %+v (found %v)", id, img, ok)
				}
				if n := env.Mock.Count(mockserver.EndpointDeleteCIMG); n != 0 {
					t.Errorf("%d DeleteCIMG requests before the move was refused", n)
				}
			},
			Config:   inRegion("bj", "renamed-in-gz"),
			PlanOnly: true,
		},
	))
}

// failReadsAfter answers every ListCIMG request that follows the first
// request to writePath: with errno 2, or, when unlisted, with an empty
// region. The step's Check removes it, before Terraform refreshes.
func failReadsAfter(env *acctest.Env, writePath string, unlisted bool) {
	var mu sync.Mutex
	armed := false
	env.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == writePath {
			armed = true
		}
		if !armed || r.URL.Path != "/dicloud/i/storage/cimg/list" {
			return false
		}
		body := `{"errno":2,"errmsg":"服务开小差，请稍等","requestId":"intercepted","data":null}`
		if unlisted {
			body = `{"errno":0,"errmsg":"ok","requestId":"intercepted","data":{"count":0,"items":[]}}`
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
		return true
	})
}

// TestAccCIMGImport_readBackFailureKeepsTheImage: when the job succeeded
// but the image cannot be read afterwards (errors, or not listed), Create
// and Update keep the image in state instead of dropping or tainting it, and
// the next refresh completes it.
func TestAccCIMGImport_readBackFailureKeepsTheImage(t *testing.T) {
	const providerNoRetries = `
provider "didiyun" {
  endpoint    = %q
  token       = %q
  region      = "gz"
  max_retries = 0
}
`
	for _, unlisted := range []bool{false, true} {
		t.Run(fmt.Sprintf("unlisted=%v", unlisted), func(t *testing.T) {
			env := acctest.NewEnv(t)
			config := func(name string) string {
				return fmt.Sprintf(providerNoRetries, env.Server.URL, env.Mock.Token()) + fmt.Sprintf(`
resource "didiyun_cimg_import" "test" {
  name              = %q
  origin_image_uuid = %q
  origin_region_id  = "bj"
  # A read after a job looks until the operation's timeout: keep it short.
  timeouts {
    create = "3s"
    update = "3s"
  }
}
`, name, mockserver.SeedImageBJ)
			}
			madeID := func() string {
				images := env.ImagesSince("gz")
				if len(images) != 1 {
					t.Fatalf("%d new images, want 1", len(images))
				}
				return images[0].CIMGUUID
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             expectNewImages(env, "gz", 0),
				Steps: []resource.TestStep{
					{
						PreConfig: func() { failReadsAfter(env, "/dicloud/i/storage/cimg/import", unlisted) },
						Config:    config("read-back"),
						Check: func(s *terraform.State) error {
							env.Intercept(nil)
							if got, want := s.RootModule().Resources[importAddr].Primary.ID, madeID(); got != want {
								return fmt.Errorf("state holds %s, the copy made is %s", got, want)
							}
							return nil
						},
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						PreConfig: func() { failReadsAfter(env, "/dicloud/i/storage/cimg/changeName", unlisted) },
						Config:    config("read-back-renamed"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						Check: func(s *terraform.State) error {
							env.Intercept(nil)
							img, ok := env.Mock.Image(s.RootModule().Resources[importAddr].Primary.ID)
							if !ok || img.Name != "read-back-renamed" {
								return fmt.Errorf("image in state after the rename: %+v (found %v)", img, ok)
							}
							return nil
						},
					},
					{
						// The refresh completes what the failed reads left out.
						RefreshState: true,
						Check:        resource.TestCheckResourceAttr(importAddr, "status", mockserver.ImageStatusReady),
					},
				},
			})
			if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
				t.Errorf("%d copies were started, want 1: a failed read must not force a new copy", n)
			}
		})
	}
}

// TestAccCIMGImport_sharedImageCannotBeImported: a shared image can be
// neither renamed nor deleted, so importing one is refused with a pointer to
// the data source.
func TestAccCIMGImport_sharedImageCannotBeImported(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        importConfig(env, "shared-one", mockserver.SeedImageGZ, ""),
			ResourceName:  importAddr,
			ImportState:   true,
			ImportStateId: "bj/" + mockserver.SeedImageBJShared,
			ExpectError:   regexp.MustCompile(`(?s)Shared Custom Image Cannot Be Managed.*didiyun_cimg\s+data\s+source`),
		}},
	})
}
