package cimg_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// expectNewImages checks how many images the test has left in the mock.
func expectNewImages(env *acctest.Env, region string, want int) func(*terraform.State) error {
	return func(*terraform.State) error {
		if images := env.ImagesSince(region); len(images) != want {
			return fmt.Errorf("the mock holds %d new images in %s, want %d: %+v", len(images), region, want, images)
		}
		return nil
	}
}

func TestAccCIMGImport_failedJobLeavesNothing(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Mock.SetJobOutcome(mockserver.JobTypeImportCIMG, mockserver.JobOutcome{Fail: true, Result: "origin image checksum mismatch"})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			env.CheckImagesDestroyed("didiyun_cimg_import"),
			expectNewImages(env, "gz", 0),
		),
		Steps: []resource.TestStep{{
			Config:      importConfig(env, "doomed", mockserver.SeedImageBJ, ""),
			ExpectError: expectError(`(?s)Custom Image Copy Failed.*origin image checksum mismatch.*was deleted`),
		}},
	})
}

func TestAccCIMGImport_createTimeoutTaintsThenReplaces(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Mock.SetJobDuration(time.Minute)
	slow := importConfig(env, "slow", mockserver.SeedImageBJ, "") + `
`
	slow = slow[:len(slow)-3] + `  timeouts {
    create = "1s"
  }
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			env.CheckImagesDestroyed("didiyun_cimg_import"),
			expectNewImages(env, "gz", 0),
		),
		Steps: []resource.TestStep{
			{
				Config:      slow,
				ExpectError: expectError(`(?s)Error Waiting for Custom Image Copy.*tainted`),
			},
			{
				// The timed-out image is in state as tainted: the next apply
				// replaces it and nothing is left behind.
				PreConfig: func() { env.Mock.SetJobDuration(acctest.JobDuration) },
				Config:    importConfig(env, "slow", mockserver.SeedImageBJ, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(importAddr, plancheck.ResourceActionReplace)},
				},
				Check: expectNewImages(env, "gz", 1),
			},
		},
	})
}

func TestAccCIMGImport_apiErrors(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             expectNewImages(env, "gz", 0),
		Steps: []resource.TestStep{
			{
				// The origin passes the plan-time check; the copy itself is refused.
				PreConfig: func() {
					env.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultErrno, Probability: 1, Errno: 1000011})
				},
				Config:      importConfig(env, "in-arrears", mockserver.SeedImageBJ, ""),
				ExpectError: expectError(`(?s)Error Importing Custom Image.*errno 1000011.*requestId [0-9a-f]+`),
			},
			{
				PreConfig:   func() { env.Mock.SetFaults() },
				Config:      importConfig(env, "shared-origin", mockserver.SeedImageBJShared, ""),
				ExpectError: expectError(`(?s)Origin Image Is Shared`),
			},
		},
	})
}

func TestAccCIMGImport_planTimeValidation(t *testing.T) {
	env := acctest.NewEnv(t)
	withArgs := func(args string) string {
		return env.ProviderConfig("gz") + `
resource "didiyun_cimg_import" "test" {
` + args + `
}
`
	}
	const origin = `origin_image_uuid = "` + mockserver.SeedImageBJ + `"`
	cases := []struct {
		args string
		want string
	}{
		{`name = ""` + "\n" + origin + "\norigin_region_id = \"bj\"", `(?s)Attribute name is "".*non-empty string`},
		{`name = "   "` + "\n" + origin + "\norigin_region_id = \"bj\"", `(?s)Attribute name is "   "`},
		{`name = "x"` + "\n" + `origin_image_uuid = "4A48F883"` + "\norigin_region_id = \"bj\"", `(?s)Attribute origin_image_uuid.*32 lowercase hexadecimal`},
		{`name = "x"` + "\n" + origin + "\norigin_region_id = \"\"", `(?s)Missing Source of a New Image.*origin_region_id is empty`},
		{`name = "x"` + "\n" + `origin_image_uuid = ""` + "\norigin_region_id = \"bj\"", `(?s)Missing Source of a New Image.*origin_image_uuid is empty`},
		{`name = "x"` + "\n" + origin + "\norigin_region_id = \"bj\"\nregion_id = \"\"", `(?s)Attribute region_id is empty`},
		{`name = "x"` + "\n" + origin + "\norigin_region_id = \"gz\"", `(?s)Origin Region Equals Target Region.*both "gz"`},
		{`name = "x"` + "\n" + origin + "\norigin_region_id = \"bj\"\nregion_id = \"bj\"", `Origin Region Equals Target Region`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      withArgs(c.args),
			PlanOnly:    true,
			ExpectError: expectError(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    steps,
	})
	expectOnlyRegionLookups(t, env)
}

// expectOnlyRegionLookups asserts that bad input was refused before any
// image was read or written: the only API calls allowed are the region
// lookups that check region arguments at plan time.
func expectOnlyRegionLookups(t *testing.T, env *acctest.Env) {
	t.Helper()
	for _, rec := range env.Mock.Requests() {
		if rec.Endpoint != mockserver.EndpointListRegionAndZone {
			t.Errorf("bad input reached %s (%s)", rec.Endpoint, rec.Body)
		}
	}
}

// expectError matches a diagnostic that Terraform may have wrapped over
// several lines: a space in pattern matches any white space.
func expectError(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// An interrupted delete keeps the image in state, so nothing is forgotten.
func TestAccCIMGImport_deleteTimeoutKeepsState(t *testing.T) {
	env := acctest.NewEnv(t)
	var id string
	config := importConfig(env, "slow-delete", mockserver.SeedImageBJ, "")
	withDeleteTimeout := config[:len(config)-2] + `
  timeouts {
    delete = "1s"
  }
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			env.CheckImagesDestroyed("didiyun_cimg_import"),
			expectNewImages(env, "gz", 0),
		),
		Steps: []resource.TestStep{
			{Config: withDeleteTimeout, Check: captureID(&id)},
			{
				PreConfig:   func() { env.Mock.SetJobDuration(time.Hour) },
				Config:      withDeleteTimeout,
				Destroy:     true,
				ExpectError: expectError(`(?s)Error Deleting Custom Image.*ran out of time: the ` + "`delete`" + ` entry of the resource's ` + "`timeouts`" + ` block`),
			},
			{
				// End the stuck delete job (the image stays), then check the
				// resource is still in state with the same id.
				PreConfig: func() {
					env.Mock.SetJobDuration(acctest.JobDuration)
					if img, ok := env.Mock.Image(id); ok && img.Job != nil {
						if err := env.Mock.FailJob(img.Job.JobUUID, "cancelled by the test"); err != nil {
							t.Fatal(err)
						}
					}
				},
				Config: config,
				Check:  expectSameID(&id),
			},
		},
	})
}
