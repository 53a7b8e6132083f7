package cimg_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

const cimgAddr = "didiyun_cimg.test"

// Arguments of didiyun_cimg.test, one a line.
const (
	snapGZ = `snap_uuid = "` + mockserver.SeedSnapshotGZ + `"`
	snapBJ = `snap_uuid = "` + mockserver.SeedSnapshotBJ + `"`
)

// cimgConfig is a provider for gz and didiyun_cimg.test with args.
func cimgConfig(env *acctest.Env, args ...string) string {
	return env.ProviderConfig("gz") + "\nresource \"didiyun_cimg\" \"test\" {\n  " + strings.Join(args, "\n  ") + "\n}\n"
}

func cimgCase(t *testing.T, env *acctest.Env, steps ...resource.TestStep) resource.TestCase {
	return resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			env.CheckImagesDestroyed("didiyun_cimg"),
			expectNewImages(env, "gz", 0),
			expectNewImages(env, "bj", 0),
		),
		Steps: steps,
	}
}

func cimgValue(attribute string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(cimgAddr, tfjsonpath.New(attribute), value)
}

func cimgAction(action plancheck.ResourceActionType) []plancheck.PlanCheck {
	return []plancheck.PlanCheck{plancheck.ExpectResourceAction(cimgAddr, action)}
}

func TestAccCIMG_basic(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, cimgCase(t, env, resource.TestStep{
		Config: cimgConfig(env, `name = "web-from-snap"`, snapGZ, `description = "from a snapshot"`),
		ConfigStateChecks: []statecheck.StateCheck{
			cimgValue("id", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`))),
			cimgValue("name", knownvalue.StringExact("web-from-snap")),
			cimgValue("snap_uuid", knownvalue.StringExact(mockserver.SeedSnapshotGZ)),
			cimgValue("description", knownvalue.StringExact("from a snapshot")),
			cimgValue("region_id", knownvalue.StringExact("gz")),
			cimgValue("status", knownvalue.StringExact("Ready")),
			cimgValue("cimg_id", knownvalue.StringRegexp(regexp.MustCompile(`^cimg-`))),
			cimgValue("os_family", knownvalue.StringExact("CentOS")),
			cimgValue("os_version", knownvalue.StringExact("7")),
			cimgValue("os_arch", knownvalue.StringExact("64bit")),
			cimgValue("platform", knownvalue.StringExact("Linux")),
			cimgValue("size", knownvalue.Int64Exact(549899264)),
			cimgValue("min_disk_size", knownvalue.Int64Exact(8<<30)),
			cimgValue("create_time", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`))),
		},
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		Check: func(*terraform.State) error {
			if n := env.Mock.Count(mockserver.EndpointCreateCIMG); n != 1 {
				return fmt.Errorf("CreateCIMG was called %d times, want exactly 1", n)
			}
			return nil
		},
	}))
}

func TestAccCIMG_renameInPlace(t *testing.T) {
	env := acctest.NewEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, cimgCase(t, env,
		resource.TestStep{
			Config:            cimgConfig(env, `name = "before-rename"`, snapGZ),
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(cimgAddr, tfjsonpath.New("id"))},
		},
		resource.TestStep{
			Config: cimgConfig(env, `name = "after-rename"`, snapGZ),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             cimgAction(plancheck.ResourceActionUpdate),
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(cimgAddr, tfjsonpath.New("id")),
				cimgValue("name", knownvalue.StringExact("after-rename")),
			},
			Check: func(*terraform.State) error {
				if images := env.ImagesSince("gz"); len(images) != 1 || images[0].Name != "after-rename" {
					return fmt.Errorf("the mock holds %+v, want one image named after-rename", images)
				}
				return nil
			},
		},
	))
}

func TestAccCIMG_replaceOnCreationArguments(t *testing.T) {
	env := acctest.NewEnv(t)
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	id := func() statecheck.StateCheck { return newID.AddStateValue(cimgAddr, tfjsonpath.New("id")) }
	resource.ParallelTest(t, cimgCase(t, env,
		resource.TestStep{
			Config:            cimgConfig(env, `name = "replaced"`, snapGZ, `description = "first"`),
			ConfigStateChecks: []statecheck.StateCheck{id()},
		},
		resource.TestStep{
			// The mock holds one snapshot a region, so a change of snap_uuid
			// alone is proved on the plan.
			Config:             cimgConfig(env, `name = "replaced"`, `snap_uuid = "0123456789abcdef0123456789abcdef"`, `description = "first"`),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPreRefresh: cimgAction(plancheck.ResourceActionReplace),
			},
		},
		resource.TestStep{
			Config:            cimgConfig(env, `name = "replaced"`, snapGZ, `description = "second"`),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: cimgAction(plancheck.ResourceActionReplace)},
			ConfigStateChecks: []statecheck.StateCheck{id(), cimgValue("description", knownvalue.StringExact("second"))},
		},
		resource.TestStep{
			// Another region takes that region's snapshot.
			Config:           cimgConfig(env, `name = "replaced"`, snapBJ, `description = "second"`, `region_id = "bj"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: cimgAction(plancheck.ResourceActionReplace)},
			ConfigStateChecks: []statecheck.StateCheck{
				id(),
				cimgValue("region_id", knownvalue.StringExact("bj")),
				cimgValue("os_family", knownvalue.StringExact("Ubuntu")),
			},
			// Each replacement deleted the image it replaced.
			Check: resource.ComposeTestCheckFunc(expectNewImages(env, "gz", 0), expectNewImages(env, "bj", 1)),
		},
	))
}

func TestAccCIMG_driftDeleted(t *testing.T) {
	env := acctest.NewEnv(t)
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	config := cimgConfig(env, `name = "drifting"`, snapGZ)
	resource.ParallelTest(t, cimgCase(t, env,
		resource.TestStep{
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(cimgAddr, tfjsonpath.New("id"))},
		},
		resource.TestStep{
			// Deleted behind Terraform's back: Read removes it, the plan makes it again.
			PreConfig: func() {
				images := env.ImagesSince("gz")
				if len(images) != 1 || !env.Mock.DeleteImage(images[0].CIMGUUID) {
					t.Fatalf("could not delete the one image made by the test: %+v", images)
				}
			},
			Config:            config,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: cimgAction(plancheck.ResourceActionCreate)},
			ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(cimgAddr, tfjsonpath.New("id"))},
		},
	))
}

// Attributes the API cannot report back after an import.
var cimgImportIgnore = []string{"snap_uuid", "timeouts"}

func TestAccCIMG_importVerify(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, cimgCase(t, env,
		resource.TestStep{Config: cimgConfig(env, `name = "imported"`, snapGZ, `description = "d"`)},
		resource.TestStep{
			ResourceName:            cimgAddr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: cimgImportIgnore,
			ImportStateIdPrefix:     "gz/",
		},
		resource.TestStep{
			ResourceName:            cimgAddr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: cimgImportIgnore,
		},
	))
}

// createOutOfBand makes an image from the gz snapshot the way a user would
// have before adopting Terraform, and returns its uuid.
func createOutOfBand(t *testing.T, env *acctest.Env, name, description string) string {
	t.Helper()
	ctx := context.Background()
	in := didiyun.CreateCIMGInput{Name: name, SnapUUID: mockserver.SeedSnapshotGZ, Description: description}
	job, err := env.Client.CreateCIMG(ctx, "gz", in)
	if err == nil {
		_, err = env.Jobs.Wait(ctx, "gz", job.ID(), time.Time{}, nil)
	}
	if err != nil {
		t.Fatalf("making image %s by hand: %v", name, err)
	}
	return job.ResourceUUID
}

func TestAccCIMG_importThenEmptyPlan(t *testing.T) {
	for _, form := range []struct{ name, prefix string }{{"region/uuid", "gz/"}, {"bare uuid", ""}} {
		t.Run(form.name, func(t *testing.T) {
			env := acctest.NewEnv(t)
			uuid := createOutOfBand(t, env, "adopted", "made by hand")
			config := cimgConfig(env, `name = "adopted"`, snapGZ, `description = "made by hand"`)
			resource.ParallelTest(t, cimgCase(t, env,
				resource.TestStep{
					Config:             config,
					ResourceName:       cimgAddr,
					ImportState:        true,
					ImportStateId:      form.prefix + uuid,
					ImportStatePersist: true,
				},
				resource.TestStep{
					// The user's configuration plans nothing: the snapshot
					// was unknown to state, so it forces no replacement.
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					ConfigStateChecks: []statecheck.StateCheck{
						cimgValue("id", knownvalue.StringExact(uuid)),
						cimgValue("snap_uuid", knownvalue.StringExact("")),
					},
				},
			))
		})
	}
}

func TestAccCIMG_importBlock(t *testing.T) {
	env := acctest.NewEnv(t)
	uuid := createOutOfBand(t, env, "adopted-by-block", "")
	resource.ParallelTest(t, cimgCase(t, env, resource.TestStep{
		Config:          cimgConfig(env, `name = "adopted-by-block"`, snapGZ),
		ResourceName:    cimgAddr,
		ImportState:     true,
		ImportStateKind: resource.ImportBlockWithID,
		ImportStateId:   "gz/" + uuid,
		// With the user's configuration the import block imports and
		// changes nothing.
		ImportPlanChecks: resource.ImportPlanChecks{PreApply: cimgAction(plancheck.ResourceActionNoop)},
	}))
}

func TestAccCIMG_apiErrors(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, cimgCase(t, env,
		resource.TestStep{
			Config:      cimgConfig(env, `name = "unknown-snapshot"`, `snap_uuid = "0123456789abcdef0123456789abcdef"`),
			ExpectError: expectError(`(?s)Error Creating Custom Image.*errno 41017.*requestId [0-9a-f]+.*snapshot exists in that region`),
		},
		resource.TestStep{
			// A snapshot of another region is unknown in this one.
			Config:      cimgConfig(env, `name = "snapshot-elsewhere"`, snapBJ),
			ExpectError: expectError(`(?s)errno 41017.*` + mockserver.SeedSnapshotBJ + `.*region gz`),
		},
		resource.TestStep{
			Config:      cimgConfig(env, `name = "`+mockserver.SeedImageGZName+`"`, snapGZ),
			ExpectError: expectError(`(?s)Error Creating Custom Image.*already exists in region gz.*terraform import`),
		},
	))
	if n := env.Mock.Count(mockserver.EndpointCreateCIMG); n != 2 {
		t.Errorf("CreateCIMG was called %d times, want 2: a taken name must stop before it", n)
	}
}

func TestAccCIMG_failedJobLeavesNothing(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Mock.SetJobOutcome(mockserver.JobTypeCreateCIMG, mockserver.JobOutcome{Fail: true, Result: "snapshot is corrupt"})
	resource.ParallelTest(t, cimgCase(t, env, resource.TestStep{
		Config:      cimgConfig(env, `name = "doomed"`, snapGZ),
		ExpectError: expectError(`(?s)Custom Image Creation Failed.*snapshot is corrupt.*partly created image [0-9a-f]{32} was deleted.*snapshot`),
	}))
}

func TestAccCIMG_createTimeoutTaintsThenReplaces(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Mock.SetJobDuration(time.Minute)
	resource.ParallelTest(t, cimgCase(t, env,
		resource.TestStep{
			Config:      cimgConfig(env, `name = "slow"`, snapGZ, "timeouts {\n    create = \"1s\"\n  }"),
			ExpectError: expectError(`(?s)Error Waiting for Custom Image Creation.*the create timeout \(1s\) ran out.*tainted`),
		},
		resource.TestStep{
			// The timed-out image is in state as tainted: the next apply
			// replaces it and nothing is left behind.
			PreConfig:        func() { env.Mock.SetJobDuration(acctest.JobDuration) },
			Config:           cimgConfig(env, `name = "slow"`, snapGZ),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: cimgAction(plancheck.ResourceActionReplace)},
			Check:            expectNewImages(env, "gz", 1),
		},
	))
}

func TestAccCIMG_planTimeValidation(t *testing.T) {
	env := acctest.NewEnv(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{`name = ""`, snapGZ}, `(?s)Attribute name is "".*non-empty string`},
		{[]string{`name = "   "`, snapGZ}, `(?s)Attribute name is "   "`},
		{[]string{`name = "x"`, `snap_uuid = "3FD352092A3F553CB124223F6A7F09B4"`}, `(?s)Attribute snap_uuid.*32 lowercase hexadecimal`},
		{[]string{`name = "x"`, `snap_uuid = "3fd35209-2a3f-553c-b124-223f6a7f09b4"`}, `(?s)Attribute snap_uuid.*32 lowercase hexadecimal`},
		{[]string{`name = "x"`, snapGZ, `region_id = ""`}, `(?s)Attribute region_id is empty`},
		{[]string{`name = "x"`, `snap_uuid = ""`}, `(?s)Missing Source of a New Image.*snap_uuid is empty`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      cimgConfig(env, c.args...),
			PlanOnly:    true,
			ExpectError: expectError(c.want),
		})
	}
	resource.ParallelTest(t, cimgCase(t, env, steps...))
	expectOnlyRegionLookups(t, env)
}
