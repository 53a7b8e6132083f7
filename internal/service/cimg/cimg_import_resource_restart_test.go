package cimg_test

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestAccCIMGImport_restart applies, restarts the mock on its state file,
// and plans again: the plan is empty, and nothing is copied again.
func TestAccCIMGImport_restart(t *testing.T) {
	env := acctest.NewRestartableEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := importConfig(env.Env, "survives-restart", mockserver.SeedImageBJ, "kept in the state file")
	importTest(t, env.Env, []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(importAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("status"), knownvalue.StringExact("Ready")),
			},
		},
		{
			PreConfig: func() {
				if err := env.Restart(); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(importAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("name"), knownvalue.StringExact("survives-restart")),
			},
			Check: noImportSinceRestart(env, 1),
		},
	})
}

// TestAccCIMGImport_restartWhileTheJobRuns restarts the mock between the
// import and the first poll of its job: the new mock knows the job from the
// state file, the job finishes, and the apply succeeds with one copy.
func TestAccCIMGImport_restartWhileTheJobRuns(t *testing.T) {
	env := acctest.NewRestartableEnv(t)
	var once sync.Once
	var imported, runningAtRestart atomic.Bool
	var restartErr error
	env.Intercept(func(_ http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case "/dicloud/i/storage/cimg/import":
			imported.Store(true)
		case "/dicloud/i/storage/cimg/list", "/dicloud/i/result":
			if imported.Load() { // the first look at the job
				once.Do(func() {
					for _, img := range env.Mock.Images("gz") {
						runningAtRestart.Store(runningAtRestart.Load() || img.Job != nil)
					}
					restartErr = env.Restart()
				})
			}
		}
		return false // the request goes on to the new mock
	})
	config := importConfig(env.Env, "copied-across-a-restart", mockserver.SeedImageBJ, "")
	importTest(t, env.Env, []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(importAddr, tfjsonpath.New("status"), knownvalue.StringExact("Ready")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeTestCheckFunc(
				func(*terraform.State) error { return restartErr },
				noImportSinceRestart(env, 1),
				func(*terraform.State) error {
					if !runningAtRestart.Load() {
						return fmt.Errorf("the copy's job had ended before the restart: the step restarted nothing that was running")
					}
					return nil
				},
			),
		},
	})
}

// noImportSinceRestart checks the mock was restarted as often as expected
// and that the restarted mock copied nothing: the image came from the state
// file. Restarts goes first: it orders the reads of env.Mock after a restart
// made while a request was being served.
func noImportSinceRestart(env *acctest.RestartableEnv, restarts int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := env.Restarts(); n != restarts {
			return fmt.Errorf("the mock was restarted %d times, want %d", n, restarts)
		}
		if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 0 {
			return fmt.Errorf("ImportCIMG was called %d times after the restart, want 0", n)
		}
		if images := env.ImagesSince("gz"); len(images) != 1 {
			return fmt.Errorf("the restarted mock holds %d new images in gz, want 1: %+v", len(images), images)
		}
		return nil
	}
}
