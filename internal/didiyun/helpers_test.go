package didiyun_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/regionview"
	"github.com/didiyun/terraform-provider-didiyun/internal/fakeclock"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// testEnv is an in-process mock DiDi Cloud behind a recording front door
// over real HTTP, and a client for it with short waits.
type testEnv struct {
	t *testing.T
	*didiyuntest.FrontDoor
	Client *didiyun.Client
	Images *regionview.View
	Jobs   *jobs.Waiter
}

type envConfig struct {
	mock   []func(*mockserver.Options)
	client []func(*didiyun.Options)
	jobs   jobs.Options
}

type envOption func(*envConfig)

func withMock(f func(*mockserver.Options)) envOption {
	return func(c *envConfig) { c.mock = append(c.mock, f) }
}

func withClient(f func(*didiyun.Options)) envOption {
	return func(c *envConfig) { c.client = append(c.client, f) }
}

func withJobs(opts jobs.Options) envOption {
	return func(c *envConfig) { c.jobs = opts }
}

func withMaxRetries(n int) envOption {
	return withClient(func(o *didiyun.Options) { o.MaxRetries = n })
}

func newEnv(t *testing.T, opts ...envOption) *testEnv {
	t.Helper()
	var cfg envConfig
	for _, o := range opts {
		o(&cfg)
	}
	e := &testEnv{t: t, FrontDoor: didiyuntest.NewFrontDoor(t, cfg.mock...)}
	client := e.NewClient(cfg.client...)
	e.Client = client
	if cfg.jobs.Floor == 0 {
		cfg.jobs.Floor = 20 * time.Millisecond
	}
	if cfg.jobs.Ceiling == 0 {
		cfg.jobs.Ceiling = 500 * time.Millisecond
	}
	e.Images = regionview.New(client, regionview.Options{})
	e.Jobs = jobs.New(client, cfg.jobs)
	return e
}

// requests closes the server, which waits for every handler to finish and
// so for the mock to log it, and returns the mock's log for endpoint ("" for all).
func (e *testEnv) requests(endpoint string) []mockserver.RequestRecord {
	e.Server.Close()
	var out []mockserver.RequestRecord
	for _, rec := range e.Mock.Requests() {
		if endpoint == "" || rec.Endpoint == endpoint {
			out = append(out, rec)
		}
	}
	return out
}

// ctx bounds a test's calls so a bug hangs no test for long.
func (e *testEnv) ctx() context.Context { return didiyuntest.Ctx(e.t) }

// importImage copies the bj seed image into gz under name.
func (e *testEnv) importImage(name string) didiyun.Job {
	e.t.Helper()
	job, err := e.Client.ImportCIMG(e.ctx(), "gz", didiyun.ImportCIMGInput{
		Name: name, OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj",
	})
	if err != nil {
		e.t.Fatalf("ImportCIMG %s: %v", name, err)
	}
	return job
}

func (e *testEnv) waitJob(region string, job didiyun.Job) didiyun.Job {
	e.t.Helper()
	done, err := e.Jobs.Wait(e.ctx(), region, job.ID(), time.Time{}, nil)
	if err != nil {
		e.t.Fatalf("WaitJob %s: %v", job.ID(), err)
	}
	return done
}

// addImages stores n Ready images named prefix-NNN in region.
func (e *testEnv) addImages(region, prefix string, n int) {
	for i := range n {
		e.Mock.AddImage(mockserver.Image{Name: fmt.Sprintf("%s-%03d", prefix, i), Regions: []string{region}})
	}
}

// imageUUIDs returns the uuids of region's images in the mock, oldest first.
func (e *testEnv) imageUUIDs(region string) []string {
	var out []string
	for _, img := range e.Mock.Images(region) {
		out = append(out, img.CIMGUUID)
	}
	return out
}

// errOf drops a call's result and keeps its error.
func errOf[T any](_ T, err error) error { return err }

func uuidsOf(images []didiyun.Image) []string {
	out := make([]string, len(images))
	for i, img := range images {
		out[i] = img.UUID
	}
	return out
}

// fakeClock lets the mock's jobs move only when a test says so.
type fakeClock = fakeclock.Clock

func newFakeClock() *fakeClock { return fakeclock.New() }

// htmlPage is what a proxy answers instead of the API.
const htmlPage = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>upstream unavailable</p></body></html>\n"
