package cimg_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// diagnosis is one way of going wrong from issue 13: the diagnostic must
// name the real cause and the setting or command that fixes it.
type diagnosis struct {
	name string
	// env sets environment variables ("{token}" is the mock's token); the
	// DIDIYUN_* variables not named are unset.
	env map[string]string
	// provider is the provider block's arguments besides endpoint.
	provider string
	setup    func(t *testing.T, env *acctest.Env)
	// config follows the provider block; steps, when set, replace the one
	// step built from config and want.
	config string
	steps  func(env *acctest.Env, providerBlock string) []resource.TestStep
	// planOnly fails the step at plan time, so nothing is applied.
	planOnly bool
	want     string
	// requests are the only endpoints the mock may have been asked; nil
	// means any. An empty, non-nil list means no request at all.
	requests []string
}

var (
	noRequest     = []string{}
	regionLookups = []string{mockserver.EndpointListRegionAndZone}
)

const copyArgs = `origin_image_uuid = "` + mockserver.SeedImageBJ + `"
  origin_region_id  = "bj"`

func copyConfig(name, extra string) string {
	return fmt.Sprintf("resource \"didiyun_cimg_import\" \"test\" {\n  name = %q\n  %s\n%s}\n", name, copyArgs, extra)
}

var diagnoses = []diagnosis{
	// 1. A slow request names request_timeout and max_retries, not a timeouts block.
	{name: "1 slow ListCIMG during a copy", provider: `request_timeout = "1s"
  max_retries     = 1`,
		setup:  latency(mockserver.EndpointListCIMG),
		config: copyConfig("slow", ""),
		want:   `Error Importing Custom Image.*ListCIMG gave up after 2 attempts.*Client.Timeout exceeded.*Raise ` + "`request_timeout`.*`max_retries`"},
	{name: "1 slow region list", provider: `request_timeout = "1s"
  max_retries     = 1`,
		setup:    latency(mockserver.EndpointListRegionAndZone),
		config:   `data "didiyun_regions" "all" {}`,
		want:     `Error Listing Regions.*ListRegionAndZone gave up after 2 attempts.*Client.Timeout exceeded.*within ` + "`request_timeout` \\(1s here\\).*`max_retries` \\(1 here\\)",
		requests: regionLookups},
	{name: "1 slow image lookup by a data source", provider: `request_timeout = "1s"
  max_retries     = 1`,
		setup:  latency(mockserver.EndpointListCIMG),
		config: `data "didiyun_cimg" "web" { name = "` + mockserver.SeedImageGZName + `" }`,
		want:   `Error Listing Custom Images.*Client.Timeout exceeded.*` + "`request_timeout` \\(1s here\\)"},

	// 2. A token with a trailing newline works; one that no header can carry
	// is refused at configure time, about the token and its variable.
	{name: "2 token with a trailing newline", env: map[string]string{"DIDIYUN_TOKEN": "{token}\n"},
		steps: func(env *acctest.Env, providerBlock string) []resource.TestStep {
			return []resource.TestStep{{
				Config: providerBlock + `data "didiyun_regions" "all" {}`,
				Check:  resource.TestCheckResourceAttr("data.didiyun_regions.all", "ids.0", "gz"),
			}}
		}},
	{name: "2 two tokens pasted together", env: map[string]string{"DIDIYUN_TOKEN": "{token}\n{token}"}, //nolint:gosec // G101: a placeholder, not a credential
		config:   `data "didiyun_regions" "all" {}`,
		want:     `Invalid DiDi Cloud API Token.*the DIDIYUN_TOKEN environment variable has a line break at character 65`,
		requests: noRequest},

	// 3. DIDIYUN_REGION is checked like region, and every message names it.
	{name: "3 region variable in capitals", env: map[string]string{"DIDIYUN_REGION": "GZ"},
		config: copyConfig("region-caps", ""), planOnly: true,
		want:     `Invalid DiDi Cloud Region.*the DIDIYUN_REGION environment variable is "GZ"`,
		requests: noRequest},
	{name: "3 region variable with a trailing space", env: map[string]string{"DIDIYUN_REGION": "gz "},
		config: copyConfig("region-space", ""), planOnly: true,
		want:     `Invalid DiDi Cloud Region.*the DIDIYUN_REGION environment variable is "gz "`,
		requests: noRequest},
	{name: "3 region variable not offered, resource", env: map[string]string{"DIDIYUN_REGION": "sh"},
		config: copyConfig("region-sh", ""), planOnly: true,
		want:     `Unknown DiDi Cloud Region.*"sh" from the DIDIYUN_REGION environment variable.*gz, bj`,
		requests: regionLookups},
	{name: "3 region variable not offered, data source", env: map[string]string{"DIDIYUN_REGION": "sh"},
		config:   `data "didiyun_cimgs" "all" {}`,
		want:     `Unknown DiDi Cloud Region.*"sh" from the DIDIYUN_REGION environment variable`,
		requests: regionLookups},
	{name: "3 region argument not offered", provider: `region = "sh"`,
		config: copyConfig("region-arg", ""), planOnly: true,
		want:     `Unknown DiDi Cloud Region.*"sh" from ` + "`region` in the provider block",
		requests: regionLookups},

	// 4. Import ids are checked whole before any image request.
	{name: "4 import id with an empty region", steps: importSteps("/abc"),
		want:     `Invalid Import ID.*the region of import ID "/abc" is empty.*the uuid alone for the provider's region \(gz\)`,
		requests: regionLookups},
	{name: "4 import id with white space", steps: importSteps(" gz/" + mockserver.SeedImageGZ),
		want:     `Invalid Import ID.*white space at its start or end`,
		requests: regionLookups},
	{name: "4 import id in a region not offered", steps: importSteps("xx/" + mockserver.SeedImageGZ),
		want:     `Invalid Import ID.*names region "xx", which DiDi Cloud does not offer.*gz, bj`,
		requests: regionLookups},

	// 5. A taken name comes with a runnable import command. A new resource
	// gets a plan-time warning (a tainted image's replacement plans alike;
	// see name_check_test.go) and stops at the name before any copy.
	{name: "5 name taken by another image", config: copyConfig(mockserver.SeedImageGZName, ""),
		want: `Error Importing Custom Image.*an image named "` + mockserver.SeedImageGZName +
			`" already exists in region gz.*ADDRESS is the resource address Terraform shows with this message.*terraform import 'ADDRESS' gz/` +
			mockserver.SeedImageGZ,
		requests: []string{mockserver.EndpointListRegionAndZone, mockserver.EndpointListCIMG}},
	// A rename's conflict is sure, so the plan fails.
	{name: "5 rename into a taken name", steps: func(env *acctest.Env, providerBlock string) []resource.TestStep {
		return []resource.TestStep{
			{Config: providerBlock + copyConfig("before-rename", "")},
			{Config: providerBlock + copyConfig(mockserver.SeedImageGZName, ""), PlanOnly: true,
				ExpectError: expectError(`(?s)Error Renaming Custom Image.*The name is taken.*terraform import 'ADDRESS' gz/` + mockserver.SeedImageGZ)},
		}
	}},
	{name: "5 replacement under create_before_destroy", steps: func(env *acctest.Env, providerBlock string) []resource.TestStep {
		cbd := "  lifecycle {\n    create_before_destroy = true\n  }\n"
		return []resource.TestStep{
			{Config: providerBlock + copyConfig("cbd", `  description = "one"`+"\n"+cbd)},
			{Config: providerBlock + copyConfig("cbd", `  description = "two"`+"\n"+cbd),
				ExpectError: expectError(`(?s)Error Importing Custom Image.*an image named "cbd" already exists in region gz.*` +
					`under create_before_destroy, the image a replacement replaces still carries its name: give the new image another one, such as "cbd-2"`)},
			// The advice works: a new name with the replacement.
			{Config: providerBlock + copyConfig("cbd-2", `  description = "two"`+"\n"+cbd)},
		}
	}},
	{name: "5 replacement keeping the name, old image first", steps: func(env *acctest.Env, providerBlock string) []resource.TestStep {
		return []resource.TestStep{
			{Config: providerBlock + copyConfig("replaced", `  description = "one"`+"\n")},
			// The old image goes first, so the name is free for the new one.
			{
				Config: providerBlock + copyConfig("replaced", `  description = "two"`+"\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					named := 0
					for _, img := range env.Mock.Images("gz") {
						if img.Name == "replaced" {
							named++
							if img.Description != "two" {
								return fmt.Errorf("image named replaced has description %q, want the new image's", img.Description)
							}
						}
					}
					if named != 1 {
						return fmt.Errorf("%d images named replaced, want the new one only", named)
					}
					return nil
				},
			},
		}
	}},

	// 6. The one-of message of didiyun_cimg names both choices.
	{name: "6 data source with neither uuid nor name", config: `data "didiyun_cimg" "x" {}`,
		want: "Invalid Attribute Combination.*exactly one of `uuid` or `name`: neither is set", requests: noRequest},
	{name: "6 data source with uuid and name",
		config: `data "didiyun_cimg" "x" {
  uuid = "` + mockserver.SeedImageGZ + `"
  name = "` + mockserver.SeedImageGZName + `"
}`,
		want: "Invalid Attribute Combination.*exactly one of `uuid` or `name`: both are set", requests: noRequest},

	// 7. A copy interrupted in flight says what is not known, never that a
	// lookup found nothing.
	{name: "7 copy interrupted in flight", setup: holdImportCIMG(interruptTerraform),
		config: copyConfig("interrupted", ""),
		want: `Error Importing Custom Image.*may have made an image named "interrupted" in region gz.*interrupted.*not sent ` +
			`again.*is not known.*names = \["interrupted"\]`},
	{name: "7 copy out of time in flight", setup: holdImportCIMG(nil),
		config: copyConfig("out-of-time", "  timeouts {\n    create = \"2s\"\n  }\n"),
		want: "Error Importing Custom Image.*the create timeout \\(2s\\) ran out.*ran out of time: the `create` entry of the resource's `timeouts` block.*not sent again.*made an image named " +
			"\"out-of-time\" in region gz is not known"},

	// 8. A rejected token is named by the variable it came from.
	{name: "8 wrong DIDIYUN_ACCESS_TOKEN", env: map[string]string{"DIDIYUN_ACCESS_TOKEN": strings.Repeat("0", 64)},
		config: copyConfig("wrong-token", ""), planOnly: true,
		want: `DiDi Cloud Rejected the API Token.*errno 4.*rejected the token from the DIDIYUN_ACCESS_TOKEN environment ` +
			`variable \(read because DIDIYUN_TOKEN is unset\)`,
		requests: regionLookups},
}

// TestAccDiagnostics_pointAtTheCause reproduces each case of issue 13 with
// a real Terraform and checks the summary, the setting named and, where the
// input alone is wrong, that no image request was sent.
func TestAccDiagnostics_pointAtTheCause(t *testing.T) {
	// Sequential: cases set the process's DIDIYUN_* variables, and one
	// interrupts the only terraform this test process runs.
	for _, c := range diagnoses {
		t.Run(c.name, func(t *testing.T) {
			env := acctest.NewEnv(t)
			vars := map[string]string{"DIDIYUN_TOKEN": "", "DIDIYUN_ACCESS_TOKEN": "", "DIDIYUN_REGION": "gz", "DIDIYUN_ENDPOINT": ""}
			if c.env["DIDIYUN_ACCESS_TOKEN"] == "" {
				vars["DIDIYUN_TOKEN"] = "{token}"
			}
			for name, value := range c.env {
				vars[name] = value
			}
			for name, value := range vars {
				t.Setenv(name, strings.ReplaceAll(value, "{token}", env.Mock.Token()))
			}
			if c.setup != nil {
				c.setup(t, env)
			}
			providerBlock := fmt.Sprintf("provider \"didiyun\" {\n  endpoint = %q\n  %s\n}\n\n", env.Server.URL, c.provider)
			steps := []resource.TestStep{{
				Config:      providerBlock + c.config,
				PlanOnly:    c.planOnly,
				ExpectError: expectError(`(?s)` + c.want),
			}}
			if c.steps != nil {
				steps = c.steps(env, providerBlock)
				if last := &steps[len(steps)-1]; c.want != "" && last.ExpectError == nil {
					last.ExpectError = expectError(`(?s)` + c.want)
				}
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if images := env.ImagesSince("gz"); len(images) != 0 {
						return fmt.Errorf("%d images left: %+v", len(images), images)
					}
					return nil
				},
				Steps: steps,
			})
			if c.requests != nil {
				for _, rec := range env.Mock.Requests() {
					if !containsString(c.requests, rec.Endpoint) {
						t.Errorf("the case sent %s (%s); allowed: %v", rec.Endpoint, rec.Body, c.requests)
					}
				}
			}
		})
	}
}

func containsString(list []string, s string) bool {
	for _, item := range list {
		if item == s {
			return true
		}
	}
	return false
}

// latency makes every request to endpoint take 1.5 s.
func latency(endpoint string) func(*testing.T, *acctest.Env) {
	return func(_ *testing.T, env *acctest.Env) {
		env.Mock.SetFaults(mockserver.FaultRule{Endpoint: endpoint, Kind: mockserver.FaultLatency, Probability: 1,
			Latency: 1500 * time.Millisecond})
	}
}

// importSteps runs terraform import with id for a copy in the configuration.
func importSteps(id string) func(*acctest.Env, string) []resource.TestStep {
	return func(_ *acctest.Env, providerBlock string) []resource.TestStep {
		return []resource.TestStep{{
			Config:        providerBlock + copyConfig("imported", ""),
			ResourceName:  "didiyun_cimg_import.test",
			ImportState:   true,
			ImportStateId: id,
		}}
	}
}

// importCIMGPath is where ImportCIMG requests go.
const importCIMGPath = "/dicloud/i/storage/cimg/import"

// holdImportCIMG answers no ImportCIMG request and makes none reach the
// mock: each is held until the provider gives it up. Before holding,
// onArrival runs (nil: nothing), so a test can act while the copy is in
// flight.
func holdImportCIMG(onArrival func(t *testing.T)) func(*testing.T, *acctest.Env) {
	return func(t *testing.T, env *acctest.Env) {
		env.Intercept(func(_ http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != importCIMGPath {
				return false
			}
			// The server notices a client that hangs up only once the body is read.
			_, _ = io.Copy(io.Discard, r.Body)
			if onArrival != nil {
				onArrival(t)
			}
			select {
			case <-r.Context().Done():
			case <-time.After(time.Minute):
				t.Error("the provider never gave up the held ImportCIMG request")
			}
			return true
		})
	}
}

// cliName is the process name of the CLI the tests run: terraform, or tofu.
func cliName() string {
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		return filepath.Base(path)
	}
	return "terraform"
}

// interruptTerraform sends SIGINT, as Ctrl-C does, to the terraform
// processes this test process started (the harness runs terraform as a child).
func interruptTerraform(t *testing.T) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Errorf("cannot list processes to interrupt terraform: %v", err)
		return
	}
	sent := 0
	for _, entry := range entries {
		pid, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", entry.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		end := strings.LastIndexByte(string(stat), ')')
		start := strings.IndexByte(string(stat), '(')
		if start < 0 || end < start {
			continue
		}
		fields := strings.Fields(string(stat[end+1:]))
		if len(fields) < 2 || fields[1] != strconv.Itoa(os.Getpid()) || !strings.HasPrefix(string(stat[start+1:end]), cliName()) {
			continue
		}
		if syscall.Kill(pid, syscall.SIGINT) == nil {
			sent++
		}
	}
	if sent == 0 {
		t.Error("found no terraform process to interrupt")
	}
}
