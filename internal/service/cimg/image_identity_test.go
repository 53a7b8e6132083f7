package cimg_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// imageType is one image resource type with a way to make an image of it
// outside Terraform, as a team adopting Terraform has them.
type imageType struct {
	name string
	make func(t *testing.T, env *acctest.Env, name string) string
	// config declares TYPE.NAME adopting the image made by make.
	config func(name, imageName string) string
}

var imageTypes = []imageType{
	{"didiyun_cimg_import",
		func(t *testing.T, env *acctest.Env, name string) string { return copyOutOfBand(t, env, name, "") },
		func(name, imageName string) string {
			return fmt.Sprintf("resource \"didiyun_cimg_import\" %q {\n  name              = %q\n  origin_image_uuid = \"\"\n  origin_region_id  = \"\"\n}\n", name, imageName)
		}},
	{"didiyun_cimg",
		func(t *testing.T, env *acctest.Env, name string) string { return createOutOfBand(t, env, name, "") },
		func(name, imageName string) string {
			return fmt.Sprintf("resource \"didiyun_cimg\" %q {\n  name      = %q\n  snap_uuid = \"\"\n}\n", name, imageName)
		}},
}

var hexUUID = knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`))

// TestAccCIMG_importByIdentity: an import block that names the image by its
// identity (with its region, and without: the provider's) imports it with
// no other change, stores the identity, and the next plan is empty.
func TestAccCIMG_importByIdentity(t *testing.T) {
	for _, typ := range imageTypes {
		t.Run(typ.name, func(t *testing.T) {
			env := acctest.NewEnv(t)
			withRegion := typ.make(t, env, "by-identity")
			withoutRegion := typ.make(t, env, "by-identity-no-region")
			config := env.ProviderConfig("gz") +
				typ.config("a", "by-identity") + typ.config("b", "by-identity-no-region") + fmt.Sprintf(`
import {
  to       = %[1]s.a
  identity = { region_id = "gz", id = %[2]q }
}

import {
  to       = %[1]s.b
  identity = { id = %[3]q }
}
`, typ.name, withRegion, withoutRegion)
			identityOf := func(uuid string) map[string]knownvalue.Check {
				return map[string]knownvalue.Check{"region_id": knownvalue.StringExact("gz"), "id": knownvalue.StringExact(uuid)}
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks: []tfversion.TerraformVersionCheck{
					tfversion.SkipBelow(tfversion.Version1_12_0), // resource identity came with Terraform 1.12
				},
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(typ.name+".a", plancheck.ResourceActionNoop),
							plancheck.ExpectResourceAction(typ.name+".b", plancheck.ResourceActionNoop),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectIdentity(typ.name+".a", identityOf(withRegion)),
							statecheck.ExpectIdentity(typ.name+".b", identityOf(withoutRegion)),
						},
					},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
					},
				},
			})
		})
	}
}

// TestAccCIMG_identityOfNewImage: an image Terraform makes has its identity
// in state from the create on, and an import block by that identity reads
// the same image into a fresh state.
func TestAccCIMG_identityOfNewImage(t *testing.T) {
	env := acctest.NewEnv(t)
	config := importConfig(env, "with-identity", mockserver.SeedImageBJ, "")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			tfversion.SkipBelow(tfversion.Version1_12_0), // resource identity came with Terraform 1.12
		},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             env.CheckImagesDestroyed("didiyun_cimg_import"),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(importAddr, map[string]knownvalue.Check{
						"region_id": knownvalue.StringExact("gz"), "id": hexUUID,
					}),
				},
			},
			{
				ResourceName:    importAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          config,
			},
		},
	})
}
