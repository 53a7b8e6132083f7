package cimg_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// captureID stores the resource's id for later steps.
func captureID(id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[importAddr]
		if !ok {
			return fmt.Errorf("%s not in state", importAddr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

func expectSameID(id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[importAddr]
		if !ok {
			return fmt.Errorf("%s is no longer in state", importAddr)
		}
		if got := rs.Primary.ID; got != *id {
			return fmt.Errorf("id changed from %s to %s: the image was replaced", *id, got)
		}
		return nil
	}
}

func TestAccCIMGImport_renameInPlace(t *testing.T) {
	env := acctest.NewEnv(t)
	var id string
	importTest(t, env, []resource.TestStep{
		{
			Config: importConfig(env, "before-rename", mockserver.SeedImageBJ, ""),
			Check:  captureID(&id),
		},
		{
			Config: importConfig(env, "after-rename", mockserver.SeedImageBJ, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionUpdate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("name"), knownvalue.StringExact("after-rename")),
			},
			Check: resource.ComposeTestCheckFunc(expectSameID(&id), func(*terraform.State) error {
				if img, _ := env.Mock.Image(id); img.Name != "after-rename" {
					return fmt.Errorf("the mock has name %q, want after-rename", img.Name)
				}
				return nil
			}),
		},
	})
}

func TestAccCIMGImport_replaceOnCreationArguments(t *testing.T) {
	env := acctest.NewEnv(t)
	importTest(t, env, []resource.TestStep{
		{Config: importConfig(env, "replaced", mockserver.SeedImageBJ, "first")},
		{
			Config: importConfig(env, "replaced", mockserver.SeedImageBJ02, "first"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionReplace)},
			},
		},
		{
			Config: importConfig(env, "replaced", mockserver.SeedImageBJ02, "second"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionReplace)},
			},
			Check: func(*terraform.State) error {
				// Each replacement deleted the image it replaced.
				if images := env.ImagesSince("gz"); len(images) != 1 {
					return fmt.Errorf("the mock holds %d new images in gz, want 1", len(images))
				}
				return nil
			},
		},
	})
}

func TestAccCIMGImport_driftDeleted(t *testing.T) {
	env := acctest.NewEnv(t)
	var id string
	config := importConfig(env, "drifting", mockserver.SeedImageBJ, "")
	importTest(t, env, []resource.TestStep{
		{Config: config, Check: captureID(&id)},
		{
			PreConfig: func() {
				if !env.Mock.DeleteImage(id) {
					t.Fatalf("mock could not delete %s", id)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionCreate)},
			},
			Check: func(s *terraform.State) error {
				if got := s.RootModule().Resources[importAddr].Primary.ID; got == id {
					return fmt.Errorf("the deleted image %s is still in state", id)
				}
				return nil
			},
		},
	})
}

// A rename whose image was deleted out of band after the plan says so once,
// with nothing after it that says otherwise (the errno 41026 hint "does not
// mean it is gone" must not follow), and the next plan makes the image anew.
func TestAccCIMGImport_renameAfterOutOfBandDelete(t *testing.T) {
	env := acctest.NewEnv(t)
	var id string
	var deleted atomic.Bool
	env.Intercept(func(_ http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/cimg/changeName") && !deleted.Swap(true) && !env.Mock.DeleteImage(id) {
			t.Errorf("mock could not delete %s", id)
		}
		return false // the mock answers, without the image
	})
	importTest(t, env, []resource.TestStep{
		{Config: importConfig(env, "before-delete", mockserver.SeedImageBJ, ""), Check: captureID(&id)},
		{
			Config: importConfig(env, "renamed-after-delete", mockserver.SeedImageBJ, ""),
			ExpectError: expectError(`(?s)Error Renaming Custom Image.*a lookup confirms that image [0-9a-f]+ is ` +
				`no longer in region gz: it was deleted outside Terraform. The next refresh removes it from state, ` +
				`and the plan after that makes it anew\s*$`),
		},
		{
			Config: importConfig(env, "renamed-after-delete", mockserver.SeedImageBJ, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionCreate)},
			},
		},
	})
}

func TestAccCIMGImport_driftRenamed(t *testing.T) {
	env := acctest.NewEnv(t)
	var id string
	config := importConfig(env, "original-name", mockserver.SeedImageBJ, "")
	importTest(t, env, []resource.TestStep{
		{Config: config, Check: captureID(&id)},
		{
			// Renamed behind Terraform's back: found again by uuid, renamed back in place.
			PreConfig: func() { env.Mock.RenameImage(id, "renamed-in-console") },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionUpdate)},
			},
			Check: resource.ComposeTestCheckFunc(expectSameID(&id), func(*terraform.State) error {
				if img, _ := env.Mock.Image(id); img.Name != "original-name" {
					return fmt.Errorf("the mock has name %q, want original-name", img.Name)
				}
				return nil
			}),
		},
	})
}

func TestAccCIMGImport_listShapeArray(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Mock.SetListShape(mockserver.ListShapeArray)
	importTest(t, env, []resource.TestStep{{
		Config: importConfig(env, "array-shape", mockserver.SeedImageBJ, ""),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("status"), knownvalue.StringExact("Ready")),
		},
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
	}})
}
