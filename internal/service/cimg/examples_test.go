package cimg_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
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
			if script, err := os.ReadFile(filepath.Join(filepath.Dir(file), "import.sh")); err == nil {
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
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             expectNewImages(env, "gz", 0),
				Steps:                    steps,
			})
		})
	}
}
