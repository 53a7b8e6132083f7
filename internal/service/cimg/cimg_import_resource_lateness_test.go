package cimg_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestAccCIMGImport_jobResultLate: JobResult learns of each new job 5 s
// after its create was answered, leaving it out of its answer or refusing
// the request with errno 1. Three copies still apply, one ImportCIMG each,
// every copy ending on a JobResult answer that says it is done.
func TestAccCIMGImport_jobResultLate(t *testing.T) {
	for _, mode := range []mockserver.JobResultLagMode{mockserver.JobResultLagOmit, mockserver.JobResultLagErrno} {
		t.Run(string(mode), func(t *testing.T) {
			env := acctest.NewEnv(t)
			env.Mock.SetJobResultLag(5*time.Second, mode)
			config := env.ProviderConfig("gz") + fmt.Sprintf(`
resource "didiyun_cimg_import" "late" {
  count             = 3
  name              = "late-job-${count.index}"
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, mockserver.SeedImageBJ)
			importTest(t, env, []resource.TestStep{{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("didiyun_cimg_import.late[0]", tfjsonpath.New("status"), knownvalue.StringExact("Ready")),
					statecheck.ExpectKnownValue("didiyun_cimg_import.late[2]", tfjsonpath.New("status"), knownvalue.StringExact("Ready")),
				},
				Check: func(*terraform.State) error {
					if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 3 {
						return fmt.Errorf("%d ImportCIMG requests, want 3", n)
					}
					// Every copy's end came from JobResult: it answered
					// done for each of the three jobs.
					if n := jobsSeenDone(t, env); n != 3 {
						return fmt.Errorf("JobResult answered done for %d jobs, want 3", n)
					}
					return nil
				},
			}})
		})
	}
}

// jobsSeenDone is how many jobs a JobResult answer reported done since the
// last call (the mock's detection report).
func jobsSeenDone(t *testing.T, env *acctest.Env) int {
	t.Helper()
	resp, err := http.Post(env.Server.URL+"/_mock/detection/reset", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var report struct {
		Jobs int `json:"jobs"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&report); err != nil {
		t.Fatal(err)
	}
	return report.Jobs
}

// TestAccCIMGImport_listingLateAfterTimeout: a copy whose create ran out of
// time is kept in state, tainted, with its job; a refresh at once, while the
// new image is not listed yet, keeps it (JobResult says the job runs); untaint
// and apply wait for the same job, and the next plan is empty. One ImportCIMG
// in all.
func TestAccCIMGImport_listingLateAfterTimeout(t *testing.T) {
	acctest.PreCheck(t)
	env := acctest.NewEnv(t)
	env.Mock.SetJobDuration(4 * time.Second)
	env.Mock.SetListingLag(6 * time.Second)
	cli, configure := timedCopy(t, env, "late", "late-listing")
	ctx := context.Background()
	configure("2s")
	if err := cli.Apply(ctx, cli.Reattach); err == nil || !strings.Contains(err.Error(), "untaint") {
		t.Fatalf("apply: %v, want the create timeout with the untaint hint", err)
	}
	if err := cli.Refresh(ctx, cli.Reattach); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	state, err := cli.Show(ctx, cli.Reattach)
	if err != nil || state.Values == nil || len(state.Values.RootModule.Resources) != 1 {
		t.Fatalf("state after the refresh: %v, %+v; want the copy still in it", err, state)
	}
	if err := cli.Untaint(ctx, "didiyun_cimg_import.late"); err != nil {
		t.Fatalf("untaint: %v", err)
	}
	configure("30s")
	if err := cli.Apply(ctx, cli.Reattach); err != nil {
		t.Fatalf("apply after untaint: %v", err)
	}
	if changes, err := cli.Plan(ctx, cli.Reattach); err != nil || changes {
		t.Errorf("plan after the resume: changes %v, error %v; want none", changes, err)
	}
	if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
		t.Errorf("%d ImportCIMG requests, want 1", n)
	}
	if err := cli.Destroy(ctx, cli.Reattach); err != nil {
		t.Errorf("destroy: %v", err)
	}
}

// TestAccCIMGImport_outageAfterLostAnswer: the import takes effect but its
// answer is lost, and every listing fails for 5 s after (longer than any
// count of lookups would have lasted): the create looks for its image until
// the outage ends, adopts it (its listing shows the create's job running),
// and sends nothing twice.
func TestAccCIMGImport_outageAfterLostAnswer(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Mock.SetJobDuration(8 * time.Second) // still running, so provably the create's, once listed
	var outageEnds atomic.Int64
	env.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDrop, Probability: 1})
	env.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/cimg/import") && outageEnds.Load() == 0 {
			outageEnds.Store(time.Now().Add(5 * time.Second).UnixNano())
			return false // the mock takes it, then drops the connection
		}
		if strings.HasSuffix(r.URL.Path, "/cimg/list") && time.Now().UnixNano() < outageEnds.Load() {
			http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
			return true
		}
		return false
	})
	importTest(t, env, []resource.TestStep{{
		Config: env.ProviderConfig("gz") + fmt.Sprintf(`
resource "didiyun_cimg_import" "lost" {
  name              = "lost-then-outage"
  origin_image_uuid = %q
  origin_region_id  = "bj"
  timeouts {
    create = "60s"
  }
}
`, mockserver.SeedImageBJ),
		Check: func(*terraform.State) error {
			if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
				return fmt.Errorf("%d ImportCIMG requests, want 1", n)
			}
			if images := env.ImagesSince("gz"); len(images) != 1 {
				return fmt.Errorf("%d new images in gz, want 1", len(images))
			}
			return nil
		},
	}})
}

// TestAccCIMGImport_resumeAfterJobForgotten: a copy resumed after JobResult
// has forgotten its job (started longer ago than JobResult may take to learn
// of a job; here that window is 2 s) ends with the image in state and a
// warning that how the job ended cannot be told, never that it succeeded.
func TestAccCIMGImport_resumeAfterJobForgotten(t *testing.T) {
	acctest.PreCheck(t)
	env := acctest.NewEnv(t, func(o *mockserver.Options) { o.JobRetention = time.Millisecond })
	env.Mock.SetJobDuration(2 * time.Second)
	cli, configure := timedCopy(t, env, "old", "forgotten-job", func(o *conns.Options) { o.Jobs.LearnWindow = 2 * time.Second })
	ctx := context.Background()
	configure("1s")
	if err := cli.Apply(ctx, cli.Reattach); err == nil {
		t.Fatal("the create did not run out of time")
	}
	time.Sleep(3 * time.Second) // the job ends and JobResult forgets it
	if err := cli.Untaint(ctx, "didiyun_cimg_import.old"); err != nil {
		t.Fatalf("untaint: %v", err)
	}
	configure("30s")
	var out strings.Builder
	cli.SetStdout(&out)
	err := cli.Apply(ctx, cli.Reattach)
	cli.SetStdout(nil)
	if err != nil {
		t.Fatalf("apply after untaint: %v", err)
	}
	text := out.String()
	if !strings.Contains(text, "Outcome Unknown") || !strings.Contains(text, "cannot be told") || strings.Contains(text, "succeeded") {
		t.Errorf("want the outcome-unknown warning, never a success:\n%s", text)
	}
	if changes, err := cli.Plan(ctx, cli.Reattach); err != nil || changes {
		t.Errorf("plan after the resume: changes %v, error %v; want none", changes, err)
	}
	if n := env.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
		t.Errorf("%d ImportCIMG requests, want 1", n)
	}
}

// timedCopy is a CLI in a fresh directory, and the function that writes its
// configuration: one copy, resource label and image name given, with the
// create timeout it is called with.
func timedCopy(t *testing.T, env *acctest.Env, label, name string, tune ...func(*conns.Options)) (*acctest.CLI, func(timeout string)) {
	t.Helper()
	dir := t.TempDir()
	cli := acctest.NewCLI(t, dir, tune...)
	if err := cli.Init(context.Background(), cli.Reattach); err != nil {
		t.Fatalf("init: %v", err)
	}
	return cli, func(timeout string) {
		write(t, filepath.Join(dir, "main.tf"), env.ProviderConfig("gz")+fmt.Sprintf(`
resource "didiyun_cimg_import" %q {
  name              = %q
  origin_image_uuid = %q
  origin_region_id  = "bj"
  timeouts {
    create = %q
  }
}
`, label, name, mockserver.SeedImageBJ, timeout))
	}
}
