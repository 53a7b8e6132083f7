package cimg_test

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// Attributes the API cannot report back after an import.
var importIgnore = []string{"origin_image_uuid", "origin_region_id", "timeouts"}

func TestAccCIMGImport_importVerify(t *testing.T) {
	env := acctest.NewEnv(t)
	importTest(t, env, []resource.TestStep{
		{Config: importConfig(env, "imported", mockserver.SeedImageBJ, "d")},
		{
			ResourceName:            importAddr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: importIgnore,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return "gz/" + s.RootModule().Resources[importAddr].Primary.ID, nil
			},
		},
		{
			ResourceName:            importAddr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: importIgnore,
		},
	})
}

// copyOutOfBand makes an image the way a user would have before adopting
// Terraform, and returns its uuid.
func copyOutOfBand(t *testing.T, env *acctest.Env, name, description string) string {
	t.Helper()
	ctx := context.Background()
	job, err := env.Client.ImportCIMG(ctx, "gz", didiyun.ImportCIMGInput{
		Name: name, OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj", Description: description,
	})
	if err != nil {
		t.Fatalf("ImportCIMG: %v", err)
	}
	if _, err := env.Jobs.Wait(ctx, "gz", job.ID(), time.Time{}, nil); err != nil {
		t.Fatalf("WaitJob: %v", err)
	}
	return job.ResourceUUID
}

func TestAccCIMGImport_importThenEmptyPlan(t *testing.T) {
	for name, idOf := range map[string]func(uuid string) string{
		"region/uuid": func(uuid string) string { return "gz/" + uuid },
		"bare uuid":   func(uuid string) string { return uuid },
	} {
		t.Run(name, func(t *testing.T) {
			env := acctest.NewEnv(t)
			uuid := copyOutOfBand(t, env, "adopted", "made by hand")
			config := importConfig(env, "adopted", mockserver.SeedImageBJ, "made by hand")
			importTest(t, env, []resource.TestStep{
				{
					Config:             config,
					ResourceName:       importAddr,
					ImportState:        true,
					ImportStateId:      idOf(uuid),
					ImportStatePersist: true,
				},
				{
					// The user's original configuration plans nothing: no
					// replacement because the origin was unknown to state.
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
			})
		})
	}
}

func TestAccCIMGImport_importBlock(t *testing.T) {
	env := acctest.NewEnv(t)
	uuid := copyOutOfBand(t, env, "adopted-by-block", "")
	config := importConfig(env, "adopted-by-block", mockserver.SeedImageBJ, "")
	importTest(t, env, []resource.TestStep{
		{
			Config:          config,
			ResourceName:    importAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   "gz/" + uuid,
			// The plan of the import block with the user's configuration
			// must import and change nothing (no update, no replacement).
			ImportPlanChecks: resource.ImportPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionNoop)},
			},
		},
	})
}

// An import that names the wrong region says where the image is, instead of
// Terraform's "Cannot import non-existent remote object", and imports
// nothing; an image in no region says so.
func TestAccCIMGImport_importFromOtherRegionNamesIt(t *testing.T) {
	env := acctest.NewEnv(t)
	uuid := copyOutOfBand(t, env, "in-gz", "")
	config := importConfig(env, "in-gz", mockserver.SeedImageBJ, "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:        config,
				ResourceName:  importAddr,
				ImportState:   true,
				ImportStateId: "bj/" + uuid,
				ExpectError: expectError(`(?s)Custom Image Not Found.*No image ` + uuid + ` exists in region bj. ` +
					`It is in region gz: import it from there, as terraform import 'ADDRESS' gz/` + uuid),
			},
			{
				Config:        config,
				ResourceName:  importAddr,
				ImportState:   true,
				ImportStateId: "bj/00000000000000000000000000000000",
				ExpectError:   expectError(`(?s)No image 00000000000000000000000000000000 exists in region bj. Check the uuid`),
			},
		},
	})
}
