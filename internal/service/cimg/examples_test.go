package cimg_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// examplesDir holds the examples the docs are generated from.
const examplesDir = "../../../examples"

// readExample returns an example file as written.
func readExample(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(examplesDir, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// importCommand is one `terraform import ADDRESS ID` line of an import.sh.
var importCommand = regexp.MustCompile(`(?m)^terraform import (\S+) (\S+)$`)

// TestAccExamples_runAsWritten applies every resource and data source
// example against a fresh mock, exactly as the docs show it, then runs each
// command of its import.sh, so an example can never drift from what works.
// Only the provider block is the test's (the mock's endpoint and token);
// deletion_protection is turned off in a last step so the destroy can run.
func TestAccExamples_runAsWritten(t *testing.T) {
	examples, err := filepath.Glob(filepath.Join(examplesDir, "*", "*", "*.tf"))
	if err != nil || len(examples) < 5 {
		t.Fatalf("examples found: %v (%v)", examples, err)
	}
	for _, file := range examples {
		rel, _ := filepath.Rel(examplesDir, file)
		if strings.HasPrefix(rel, "provider") {
			continue // the provider block is the test's own
		}
		t.Run(rel, func(t *testing.T) {
			env := acctest.NewEnv(t)
			config := env.ProviderConfig("gz") + readExample(t, rel)
			steps := []resource.TestStep{{Config: config}}
			if strings.HasPrefix(filepath.Base(rel), "import-by-") {
				// The docs promise the import and nothing else.
				steps[0].ConfigPlanChecks.PreApply = []plancheck.PlanCheck{onlyImports{}}
			}
			// import.sh imports into the addresses resource.tf declares.
			if script, err := os.ReadFile(filepath.Join(filepath.Dir(file), "import.sh")); err == nil && filepath.Base(rel) == "resource.tf" {
				commands := importCommand.FindAllStringSubmatch(string(script), -1)
				if len(commands) == 0 {
					t.Fatalf("no terraform import command in %s/import.sh", filepath.Dir(rel))
				}
				for _, command := range commands {
					steps = append(steps, resource.TestStep{
						Config: config, ResourceName: command[1], ImportState: true, ImportStateId: command[2],
					})
				}
			}
			if strings.Contains(config, "deletion_protection = true") {
				steps = append(steps, resource.TestStep{
					Config: strings.ReplaceAll(config, "deletion_protection = true", "deletion_protection = false"),
				})
			}
			var checks []tfversion.TerraformVersionCheck
			if filepath.Base(rel) == "import-by-identity.tf" {
				checks = append(checks, tfversion.SkipBelow(tfversion.Version1_12_0)) // identity came with Terraform 1.12
			}
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   checks,
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             expectNewImages(env, "gz", 0),
				Steps:                    steps,
			})
		})
	}
}

// onlyImports fails a plan that does more than import: every resource
// change must be a no-op with an import.
type onlyImports struct{}

func (onlyImports) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, change := range req.Plan.ResourceChanges {
		if change.Change.Importing == nil || !change.Change.Actions.NoOp() {
			resp.Error = fmt.Errorf("%s plans %v, want an import and nothing else", change.Address, change.Change.Actions)
			return
		}
	}
}

// TestAccExamples_queryAsWritten runs every list block example with
// `terraform query` against a fresh mock: each finds the seeded images it
// promises, by identity.
func TestAccExamples_queryAsWritten(t *testing.T) {
	examples, err := filepath.Glob(filepath.Join(examplesDir, "list-resources", "*", "*.tfquery.hcl"))
	if err != nil || len(examples) != 2 {
		t.Fatalf("list examples found: %v (%v)", examples, err)
	}
	found := map[string]string{ // what each example's filter must find, by its type
		"didiyun_cimg_import": mockserver.SeedImageGZ,       // gz-web-base
		"didiyun_cimg":        mockserver.SeedImageGZUbuntu, // ubuntu-18.04-base
	}
	for _, file := range examples {
		rel, _ := filepath.Rel(examplesDir, file)
		typeName := filepath.Base(filepath.Dir(file))
		t.Run(rel, func(t *testing.T) {
			env := acctest.NewEnv(t)
			query := readExample(t, rel)
			block := regexp.MustCompile(`list "` + typeName + `" "(\w+)"`).FindStringSubmatch(query)
			if block == nil {
				t.Fatalf("no list block of %s in %s", typeName, rel)
			}
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   skipBelowQuery,
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{Config: env.ProviderConfig("gz")},
					{
						Query:  true,
						Config: query,
						QueryResultChecks: []querycheck.QueryResultCheck{
							querycheck.ExpectIdentity(typeName+"."+block[1], map[string]knownvalue.Check{
								"region_id": knownvalue.StringExact("gz"), "id": knownvalue.StringExact(found[typeName]),
							}),
						},
					},
				},
			})
		})
	}
}
