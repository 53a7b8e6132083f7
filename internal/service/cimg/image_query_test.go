package cimg_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	goversion "github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/paging"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// skipBelowQuery: list blocks and `terraform query` came with Terraform 1.14.
var skipBelowQuery = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// manageable counts the images of region that are not shared, as a list
// must show them.
func manageable(t *testing.T, env *acctest.Env, region string) int {
	t.Helper()
	images, err := paging.All(context.Background(), env.Client, region)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, img := range images {
		if !img.IsShared {
			n++
		}
	}
	return n
}

// TestAccCIMG_query: list blocks show a region's images that the type can
// manage, each with its identity and name: filtered by the whole name, never
// a shared image, no more than the block's limit, in the region asked.
func TestAccCIMG_query(t *testing.T) {
	for _, typ := range imageTypes {
		t.Run(typ.name, func(t *testing.T) {
			env := acctest.NewEnv(t)
			web1, web2 := typ.make(t, env, "web-1"), typ.make(t, env, "web-2")
			oldWeb := typ.make(t, env, "old-web-1")
			inGZ, inBJ := manageable(t, env, "gz"), manageable(t, env, "bj")
			identity := func(region, uuid string) map[string]knownvalue.Check {
				return map[string]knownvalue.Check{"region_id": knownvalue.StringExact(region), "id": knownvalue.StringExact(uuid)}
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   skipBelowQuery,
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{Config: env.ProviderConfig("gz")},
					{
						Query: true,
						Config: fmt.Sprintf(`
list %[1]q "web" {
  provider = didiyun
  config {
    name_regex = "web-.*"
  }
}

list %[1]q "all" {
  provider = didiyun
}

list %[1]q "two" {
  provider = didiyun
  limit    = 2
}

list %[1]q "bj" {
  provider = didiyun
  config {
    region_id = "bj"
  }
}
`, typ.name),
						QueryResultChecks: []querycheck.QueryResultCheck{
							querycheck.ExpectLength(typ.name+".web", 2),
							querycheck.ExpectIdentity(typ.name+".web", identity("gz", web1)),
							querycheck.ExpectIdentity(typ.name+".web", identity("gz", web2)),
							querycheck.ExpectNoIdentity(typ.name+".web", identity("gz", oldWeb)),
							querycheck.ExpectLength(typ.name+".all", inGZ),
							querycheck.ExpectIdentity(typ.name+".all", identity("gz", oldWeb)),
							querycheck.ExpectNoIdentity(typ.name+".all", identity("gz", mockserver.SeedImageGZShared)),
							querycheck.ExpectLength(typ.name+".two", 2),
							querycheck.ExpectLength(typ.name+".bj", inBJ),
							querycheck.ExpectNoIdentity(typ.name+".bj", identity("bj", mockserver.SeedImageBJShared)),
						},
					},
				},
			})
		})
	}
}

// TestAccCIMG_queryRefusesBadConfig: a region DiDi Cloud does not offer and
// a regular expression that does not compile are named with what is allowed;
// an API error while listing shows errno, errmsg and requestId with its hint.
func TestAccCIMG_queryRefusesBadConfig(t *testing.T) {
	env := acctest.NewEnv(t)
	query := func(config string) string {
		return "list \"didiyun_cimg_import\" \"bad\" {\n  provider = didiyun\n  config {\n    " + config + "\n  }\n}\n"
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   skipBelowQuery,
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig("gz")},
			{Query: true, Config: query(`region_id = "sh"`), ExpectError: expectError(`(?s)Unknown Region.*region_id is "sh".*gz, bj`)},
			{Query: true, Config: query(`name_regex = "web-("`), ExpectError: expectError(`(?s)Invalid Regular Expression`)},
			{
				PreConfig: func() {
					env.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultErrno,
						Errno: didiyun.ErrnoNoPermission, Probability: 1})
				},
				Query:       true,
				Config:      query(`name_regex = "web-.*"`),
				ExpectError: expectError(`(?s)Error Listing Custom Images.*errno 10000001.*requestId [0-9a-f]+.*lacks permission`),
			},
		},
	})
}

// TestAccCIMG_queryGeneratesImports: `terraform query -generate-config-out`
// writes configuration and import blocks that plan as imports only, apply,
// and leave an empty plan, for both types. The test harness has no step for
// -generate-config-out, so this one runs the CLI itself.
func TestAccCIMG_queryGeneratesImports(t *testing.T) {
	acctest.PreCheck(t)
	for _, typ := range imageTypes {
		t.Run(typ.name, func(t *testing.T) {
			t.Parallel()
			env := acctest.NewEnv(t)
			dir := t.TempDir()
			cli := acctest.NewCLI(t, dir)
			skipBelowCLI(t, cli, "1.14.0", "terraform query came with Terraform 1.14")
			typ.make(t, env, "app-1")
			typ.make(t, env, "app-2")
			typ.make(t, env, "other")
			write(t, filepath.Join(dir, "main.tf"), env.ProviderConfig("gz"))
			write(t, filepath.Join(dir, "images.tfquery.hcl"), fmt.Sprintf(
				"list %q \"apps\" {\n  provider         = didiyun\n  include_resource = true\n  config {\n    name_regex = \"app-.*\"\n  }\n}\n", typ.name))
			ctx := context.Background()
			if err := cli.Init(ctx, cli.Reattach); err != nil {
				t.Fatalf("init: %v", err)
			}
			generated := filepath.Join(dir, "generated.tf")
			messages, err := cli.QueryJSON(ctx, cli.Reattach, tfexec.GenerateConfigOut(generated))
			if err != nil {
				t.Fatalf("query: %v", err)
			}
			for message := range messages { // the command runs as its messages are read
				if message.Err != nil {
					t.Fatalf("query: %v", message.Err)
				}
				if message.Msg != nil && message.Msg.Level() == tfjson.Error {
					t.Errorf("query: %s", message.Msg.Message())
				}
			}
			text := readFile(t, generated)
			for _, want := range []string{`name\s+= "app-1"`, `name\s+= "app-2"`} {
				if !regexp.MustCompile(want).MatchString(text) {
					t.Errorf("generated config lacks %s:\n%s", want, text)
				}
			}
			if n := strings.Count(text, "import {"); n != 2 || strings.Contains(text, `"other"`) {
				t.Errorf("%d import blocks, want 2, none for \"other\":\n%s", n, text)
			}

			planFile := filepath.Join(dir, "import.tfplan")
			if _, err := cli.Plan(ctx, cli.Reattach, tfexec.Out(planFile)); err != nil {
				t.Fatalf("plan of the generated config: %v", err)
			}
			plan, err := cli.ShowPlanFile(ctx, planFile, cli.Reattach)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.ResourceChanges) != 2 {
				t.Errorf("%d resource changes, want 2 imports", len(plan.ResourceChanges))
			}
			for _, change := range plan.ResourceChanges {
				if change.Change.Importing == nil || !change.Change.Actions.NoOp() {
					t.Errorf("%s plans %v (importing: %v), want an import and nothing else", change.Address, change.Change.Actions, change.Change.Importing != nil)
				}
			}
			if err := cli.Apply(ctx, cli.Reattach, tfexec.DirOrPlan(planFile)); err != nil {
				t.Fatalf("apply: %v", err)
			}
			if changes, err := cli.Plan(ctx, cli.Reattach); err != nil || changes {
				t.Errorf("the plan after the apply has changes: %v, %v", changes, err)
			}
		})
	}
}

// skipBelowCLI skips t on a CLI older than minimum, saying why.
func skipBelowCLI(t *testing.T, cli *acctest.CLI, minimum, why string) {
	t.Helper()
	v, _, err := cli.Version(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if v.LessThan(goversion.Must(goversion.NewVersion(minimum))) {
		t.Skipf("%s; this run uses %s", why, v)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
