package cimg_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/fakeclock"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// copiesConfig declares one copy of the seeded bj image per name.
func copiesConfig(env *acctest.Env, names ...string) string {
	config := env.ProviderConfig("gz")
	for _, name := range names {
		config += fmt.Sprintf(`
resource "didiyun_cimg_import" %q {
  name              = %q
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, name, name, mockserver.SeedImageBJ)
	}
	return config
}

// TestAccCIMGImport_jobDecidesNotTheListing plays a server whose listings
// never show `job` and show a new image Ready from its first moment: a copy
// enters state only once JobResult says its job succeeded, and a copy that
// fails at its end is reported with the job's result and deleted, the good
// copy untouched. The mock's clock moves only when JobResult answers (5 s an
// answer, jobs of 20 s), so a wait that took a Ready listing for the end
// would return while the copy still ran.
func TestAccCIMGImport_jobDecidesNotTheListing(t *testing.T) {
	clock := fakeclock.New()
	var ticking atomic.Bool
	ticking.Store(true)
	env := acctest.NewEnv(t, func(o *mockserver.Options) {
		o.HideListJobs, o.StatusWhileMade, o.FailCreatesNamed = true, mockserver.ImageStatusReady, "bad-"
		o.Now, o.JobDuration = clock.Now, 20*time.Second
		o.OnRequest = func(rec mockserver.RequestRecord) {
			if ticking.Load() && rec.Endpoint == mockserver.EndpointJobResult {
				clock.Advance(5 * time.Second)
			}
		}
	})
	env.Started = clock.Now() // images are made on the mock's clock
	var goodID string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             expectNewImages(env, "gz", 0),
		Steps: []resource.TestStep{
			{
				Config: copiesConfig(env, "good-1"),
				Check: func(s *terraform.State) error {
					ticking.Store(false) // the checks below ask JobResult too
					defer ticking.Store(true)
					goodID = s.RootModule().Resources["didiyun_cimg_import.good-1"].Primary.ID
					made := env.Mock.JobsOn(goodID)
					if len(made) == 0 {
						return fmt.Errorf("the mock keeps no job on the good copy %s", goodID)
					}
					job, err := env.Jobs.Ask(t.Context(), "gz", made[0].JobUUID)
					if err != nil || !job.Done || !job.Success {
						clock.Advance(time.Hour) // so that the cleanup never waits on the clock
						return fmt.Errorf("the good copy's job when the apply ended: %+v, %v; want done and successful", job, err)
					}
					return expectNewImages(env, "gz", 1)(s)
				},
			},
			{
				Config:      copiesConfig(env, "good-1", "bad-1"),
				ExpectError: expectError(`(?s)Custom Image Copy Failed.*simulated failure for names starting with "bad-".*was deleted`),
			},
			{
				// The state the failed apply left: the good copy only.
				Config: copiesConfig(env, "good-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					ticking.Store(false)
					env.Mock.SetJobDuration(-1) // the destroy's jobs end on their first look
					if id := s.RootModule().Resources["didiyun_cimg_import.good-1"].Primary.ID; id != goodID {
						return fmt.Errorf("state holds %s for the good copy, want %s", id, goodID)
					}
					return expectNewImages(env, "gz", 1)(s)
				},
			},
		},
	})
}

// TestAccCIMGImport_answerWithoutResourceUUID: ImportCIMG answers jobs
// without resourceUuid; JobResult names each new image, so each copy is
// sent once and state matches the cloud.
func TestAccCIMGImport_answerWithoutResourceUUID(t *testing.T) {
	env := acctest.NewEnv(t, func(o *mockserver.Options) { o.OmitCreateResourceUUID = true })
	names := []string{"no-uuid-1", "no-uuid-2", "no-uuid-3"}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             expectNewImages(env, "gz", 0),
		Steps: []resource.TestStep{{
			Config: copiesConfig(env, names...),
			Check: func(s *terraform.State) error {
				if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != len(names) {
					return fmt.Errorf("%d ImportCIMG requests for %d copies", n, len(names))
				}
				for _, name := range names {
					id := s.RootModule().Resources["didiyun_cimg_import."+name].Primary.ID
					if img, ok := env.Mock.Image(id); !ok || img.Name != name {
						return fmt.Errorf("%s: state holds %q, the cloud %+v (found %v)", name, id, img, ok)
					}
				}
				return expectNewImages(env, "gz", len(names))(s)
			},
		}},
	})
}

// TestAccCIMGImport_resumeAfterUntaint: a copy that outlived its create
// timeout is tainted with its job recorded; after `terraform untaint`, the
// refresh asks JobResult about that job and keeps the image, the plan is an
// update, and the apply waits for the job through JobResult, whatever word
// the image's status shows meanwhile; nothing is copied again. The mock's
// clock stands still in the first apply and moves 20 s a JobResult answer
// after the untaint, so the one-minute copy provably runs until the apply
// has asked about it several times.
func TestAccCIMGImport_resumeAfterUntaint(t *testing.T) {
	for _, status := range []string{"", "Processing", mockserver.ImageStatusReady} {
		t.Run(fmt.Sprintf("status while made %q", status), func(t *testing.T) {
			workDir := t.TempDir()
			t.Setenv("TF_ACC_TEMP_DIR", workDir) // to find the state file to untaint
			clock := fakeclock.New()
			var ticking atomic.Bool
			env := acctest.NewEnv(t, func(o *mockserver.Options) {
				o.Now, o.StatusWhileMade, o.JobDuration = clock.Now, status, time.Minute
				o.OnRequest = func(rec mockserver.RequestRecord) {
					if ticking.Load() && rec.Endpoint == mockserver.EndpointJobResult {
						clock.Advance(20 * time.Second)
					}
				}
			})
			env.Started = clock.Now() // images are made on the mock's clock
			config := copiesConfig(env, "slow-copy")
			config = strings.Replace(config, `origin_region_id  = "bj"`, `origin_region_id  = "bj"
  timeouts {
    create = "2s"
  }`, 1)
			const addr = "didiyun_cimg_import.slow-copy"
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             expectNewImages(env, "gz", 0),
				Steps: []resource.TestStep{
					{
						Config:      config,
						ExpectError: expectError(`(?s)Error Waiting for Custom Image Copy.*terraform untaint 'ADDRESS'`),
					},
					{
						PreConfig: func() {
							untaint(t, workDir, "didiyun_cimg_import", "slow-copy")
							running := 0
							for _, img := range env.ImagesSince("gz") {
								for _, made := range env.Mock.JobsOn(img.CIMGUUID) {
									if job, err := env.Jobs.Ask(t.Context(), "gz", made.JobUUID); err == nil && !job.Done {
										running++
									}
								}
							}
							if running != 1 {
								t.Fatalf("%d copies running before the resume, want 1", running)
							}
							ticking.Store(true)
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact(mockserver.ImageStatusReady)),
						},
						Check: func(*terraform.State) error {
							if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
								return fmt.Errorf("%d ImportCIMG requests, want 1: the copy was made again", n)
							}
							if n := env.Mock.Count(mockserver.EndpointDeleteCIMG); n != 0 {
								return fmt.Errorf("%d DeleteCIMG requests: the copy already made was deleted", n)
							}
							// The apply returned only once JobResult said the copy
							// ended: a resume that trusted a status word would
							// have returned while it still ran.
							ticking.Store(false)
							var notDone error
							for _, img := range env.ImagesSince("gz") {
								for _, made := range env.Mock.JobsOn(img.CIMGUUID) {
									if job, err := env.Jobs.Ask(t.Context(), "gz", made.JobUUID); err != nil || !job.Done {
										notDone = fmt.Errorf("the copy's job after the apply: %+v, %v; want done", job, err)
									}
								}
							}
							// Let every job end, so the destroy never waits on the clock.
							clock.Advance(time.Hour)
							env.Mock.SetJobDuration(-1)
							return notDone
						},
					},
				},
			})
		})
	}
}

// TestAccCIMGImport_lostAnswerWithoutJobShown: the import's answer is lost
// and listings never show `job`: the one new image with the name cannot be
// proven to be this create's, so the apply fails naming it with the command
// that imports it, and the import is not sent again.
func TestAccCIMGImport_lostAnswerWithoutJobShown(t *testing.T) {
	env := acctest.NewEnv(t, func(o *mockserver.Options) { o.HideListJobs = true })
	env.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDrop, Probability: 1})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             expectNewImages(env, "gz", 0),
		Steps: []resource.TestStep{
			{
				Config:      copiesConfig(env, "lost-answer"),
				ExpectError: expectError(`(?s)none provably made by this request.*not sent again.*terraform import 'ADDRESS' gz/[0-9a-f]{32}`),
			},
			{
				// Clean up the candidate the error named, as its user would.
				PreConfig: func() {
					made := env.ImagesSince("gz")
					if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 1 || len(made) != 1 {
						t.Fatalf("%d ImportCIMG requests and %d new images, want 1 and 1", n, len(made))
					}
					env.Mock.SetFaults()
					env.Mock.DeleteImage(made[0].CIMGUUID)
				},
				Config: env.ProviderConfig("gz"),
			},
		},
	})
}
