package cimg_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
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

// TestAccCIMGImport_originCheckSharesOneListing: fifty planned copies from
// one region check their origin at plan time against one listing of it.
func TestAccCIMGImport_originCheckSharesOneListing(t *testing.T) {
	env := acctest.NewEnv(t)
	config := env.ProviderConfig("gz") + fmt.Sprintf(`
resource "didiyun_cimg_import" "many" {
  count             = 50
  name              = "many-${count.index}"
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, mockserver.SeedImageBJ)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:             config,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	lists, plans := 0, 0
	for _, rec := range env.Mock.Requests() {
		switch rec.Endpoint {
		case mockserver.EndpointListCIMG:
			lists++
		case mockserver.EndpointListRegionAndZone:
			plans++ // every plan checks the regions once
		}
	}
	// plans counts provider processes by their one region lookup; the step
	// runs at most three, so the bound holds even if that lookup multiplied.
	if plans == 0 || lists > 2*plans || lists > 6 {
		t.Errorf("%d ListCIMG calls over %d plans of 50 copies, want at most 2 a plan and 6 in all", lists, plans)
	}
	if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 0 {
		t.Errorf("a plan sent %d ImportCIMG requests", n)
	}
}

// TestAccCIMGImport_deletionProtection: while deletion_protection is true,
// neither a destroy nor a replacement deletes anything; turning it off is an
// in-place update that calls no API, after which destroy works.
func TestAccCIMGImport_deletionProtection(t *testing.T) {
	env := acctest.NewEnv(t)
	config := func(description string, protect bool) string {
		return env.ProviderConfig("gz") + fmt.Sprintf(`
resource "didiyun_cimg_import" "test" {
  name                = "protected"
  origin_image_uuid   = %q
  origin_region_id    = "bj"
  description         = %q
  deletion_protection = %t
}
`, mockserver.SeedImageBJ, description, protect)
	}
	var apiCalls int
	expectUntouched := func() {
		if n := env.Mock.Count(mockserver.EndpointDeleteCIMG); n != 0 {
			t.Errorf("%d DeleteCIMG requests while the image is protected", n)
		}
		if images := env.ImagesSince("gz"); len(images) != 1 || images[0].Name != "protected" {
			t.Errorf("images after a refused deletion: %+v", images)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             expectNewImages(env, "gz", 0),
		Steps: []resource.TestStep{
			{
				Config: config("v1", true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true)),
				},
			},
			{
				Config:      config("v1", true),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Image Is Protected From Deletion.*deletion_protection = false`),
			},
			{
				PreConfig:   expectUntouched,
				Config:      config("v2", true),
				ExpectError: regexp.MustCompile(`(?s)Image Is Protected From Deletion.*replacement`),
			},
			{
				PreConfig: func() {
					expectUntouched()
					apiCalls = len(env.Mock.Requests())
				},
				Config: config("v1", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					for _, rec := range env.Mock.Requests()[apiCalls:] {
						if rec.Endpoint != mockserver.EndpointListCIMG && rec.Endpoint != mockserver.EndpointListRegionAndZone {
							return fmt.Errorf("turning deletion_protection off sent %s", rec.Endpoint)
						}
					}
					return nil
				},
			},
		},
	})
}

// untaint does what `terraform untaint` does to the one state file under
// dir: it clears the tainted mark of the resource's instances.
func untaint(t *testing.T, dir, resourceType, name string) {
	t.Helper()
	var statePath string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "terraform.tfstate" {
			statePath = p
		}
		return nil
	})
	raw, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatalf("reading the state to untaint: %v", err)
	}
	var state map[string]any
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	untainted := 0
	for _, r := range state["resources"].([]any) {
		res := r.(map[string]any)
		if res["type"] != resourceType || res["name"] != name {
			continue
		}
		for _, inst := range res["instances"].([]any) {
			if instance := inst.(map[string]any); instance["status"] == "tainted" {
				delete(instance, "status")
				untainted++
			}
		}
	}
	if untainted == 0 {
		t.Fatalf("no tainted %s.%s in %s", resourceType, name, statePath)
	}
	state["serial"] = state["serial"].(float64) + 1
	raw, err = json.MarshalIndent(state, "", "  ")
	if err == nil {
		err = os.WriteFile(statePath, raw, 0o600)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestAccCIMG_generatedConfigRoundTrips: `terraform plan
// -generate-config-out` for imported images writes configuration that plans
// with no changes, for both image resources.
func TestAccCIMG_generatedConfigRoundTrips(t *testing.T) {
	for _, c := range []struct {
		resourceType string
		make         func(*testing.T, *acctest.Env) string
	}{
		{"didiyun_cimg_import", func(t *testing.T, env *acctest.Env) string { return copyOutOfBand(t, env, "generated-copy", "") }},
		{"didiyun_cimg", func(t *testing.T, env *acctest.Env) string {
			return createOutOfBand(t, env, "generated-image", "by hand")
		}},
	} {
		t.Run(c.resourceType, func(t *testing.T) {
			env := acctest.NewEnv(t)
			uuid := c.make(t, env)
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          env.ProviderConfig("gz"),
					ResourceName:    c.resourceType + ".test",
					ImportState:     true,
					ImportStateKind: resource.ImportBlockWithID,
					ImportStateId:   "gz/" + uuid,
					GenerateConfig:  true,
				}},
			})
		})
	}
}
