package didiyun_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// watchAll runs WaitCreated for each job at once on a frozen clock, and
// moves the clock past their end once every one has been seen running.
func watchAll(e *testEnv, clock *fakeClock, jobs []didiyun.Job, names []string) ([]*didiyun.Image, []error) {
	ids := make([]string, len(jobs))
	for i, job := range jobs {
		ids[i] = job.ID()
	}
	onProgress := advanceOnceSeen(clock, ids)
	images, errs := make([]*didiyun.Image, len(jobs)), make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			images[i], errs[i] = e.Client.WaitCreated(e.ctx(), "gz", job, names[i], onProgress)
		}()
	}
	wg.Wait()
	return images, errs
}

func importNamed(e *testEnv, n int) ([]didiyun.Job, []string) {
	jobs, names := make([]didiyun.Job, n), make([]string, n)
	for i := range n {
		names[i] = fmt.Sprintf("watched-%02d", i)
		jobs[i] = e.importImage(names[i])
	}
	return jobs, names
}

// TestWaitCreated_oneListingForAllCopies: the copies of a region are
// watched together in ListCIMG, which hands over each finished image, so
// the waits make no JobResult call and fewer listings than copies.
func TestWaitCreated_oneListingForAllCopies(t *testing.T) {
	t.Parallel()
	const n = 12
	e, clock := batchEnv(t, didiyun.PollOptions{})
	jobs, names := importNamed(e, n)
	listedBefore := e.Mock.Count(mockserver.EndpointListCIMG)

	images, errs := watchAll(e, clock, jobs, names)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("WaitCreated %s: %v", names[i], err)
		}
		img := images[i]
		if img == nil || img.UUID != jobs[i].ResourceUUID || img.Status != "Ready" || img.Name != names[i] || img.Size == 0 {
			t.Errorf("WaitCreated %s handed over %+v, want its Ready image", names[i], img)
		}
	}
	listings := e.Mock.Count(mockserver.EndpointListCIMG) - listedBefore
	t.Logf("%d copies: %d ListCIMG, %d JobResult", n, listings, e.Mock.Count(mockserver.EndpointJobResult))
	if n := e.Mock.Count(mockserver.EndpointJobResult); n != 0 {
		t.Errorf("%d JobResult calls, want none: the listing shows each job", n)
	}
	if listings >= n {
		t.Errorf("%d ListCIMG calls for %d copies, want fewer than one per copy", listings, n)
	}
}

// TestWaitCreated_serverWithoutListJobs: a server that leaves `job` out of
// ListCIMG shows a copy Importing with no job; the wait then asks JobResult
// and never takes the image for finished before the job is.
func TestWaitCreated_serverWithoutListJobs(t *testing.T) {
	t.Parallel()
	e, clock := batchEnv(t, didiyun.PollOptions{})
	e.Mock.SetHideListJobs(true)
	jobs, names := importNamed(e, 3)
	images, errs := watchAll(e, clock, jobs, names)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("WaitCreated %s: %v", names[i], err)
		}
		if images[i] != nil {
			t.Errorf("WaitCreated %s handed over an image a listing without jobs cannot vouch for", names[i])
		}
	}
	if e.Mock.Count(mockserver.EndpointJobResult) == 0 {
		t.Error("no JobResult call: the end of the jobs was taken from a listing that does not show them")
	}
}

// TestWaitCreated_failedCopy: a copy whose job fails shows its image Failed
// with no job; the wait reports the job's own result from JobResult.
func TestWaitCreated_failedCopy(t *testing.T) {
	t.Parallel()
	e, clock := batchEnv(t, didiyun.PollOptions{})
	e.Mock.SetJobOutcome(mockserver.JobTypeImportCIMG, mockserver.JobOutcome{Fail: true, Result: "origin unreadable"})
	jobs, names := importNamed(e, 1)
	_, errs := watchAll(e, clock, jobs, names)
	var failed *didiyun.JobFailedError
	if !errors.As(errs[0], &failed) || failed.Job.Result != "origin unreadable" {
		t.Fatalf("WaitCreated = %v, want the job's failure with its result", errs[0])
	}
}

// TestWaitCreated_imageDeletedMeanwhile: an image gone from the listing
// proves nothing about the job; JobResult tells how it ended.
func TestWaitCreated_imageDeletedMeanwhile(t *testing.T) {
	t.Parallel()
	e := newEnv(t,
		withMock(func(o *mockserver.Options) { o.JobDuration = 300 * time.Millisecond }),
		withClient(func(o *didiyun.Options) { o.Poll = didiyun.PollOptions{Floor: 20 * time.Millisecond} }))
	jobs, names := importNamed(e, 1)
	e.Mock.DeleteImage(jobs[0].ResourceUUID)
	_, err := e.Client.WaitCreated(e.ctx(), "gz", jobs[0], names[0], nil)
	var failed *didiyun.JobFailedError
	if !errors.As(err, &failed) {
		t.Fatalf("WaitCreated = %v, want the job's failure", err)
	}
	if e.Mock.Count(mockserver.EndpointJobResult) == 0 {
		t.Error("no JobResult call: the wait decided from the image's absence alone")
	}
}

// TestWaitCreated_largeRegionLooksUpNames: once a listing of the region
// takes more than one call, a look asks for the watched names only instead
// of paging through the region every time.
func TestWaitCreated_largeRegionLooksUpNames(t *testing.T) {
	t.Parallel()
	e, clock := batchEnv(t, didiyun.PollOptions{})
	e.Mock.SetMaxPageSize(5)
	e.addImages("gz", "other", 8)
	jobs, names := importNamed(e, 2)
	if _, err := e.Client.RegionImagesForName(e.ctx(), "gz", ""); err != nil {
		t.Fatal(err)
	}
	primed := e.Mock.Count(mockserver.EndpointListCIMG)

	_, errs := watchAll(e, clock, jobs, names)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("WaitCreated %s: %v", names[i], err)
		}
	}
	looks := e.requests(mockserver.EndpointListCIMG)[primed:]
	if len(looks) == 0 {
		t.Fatal("no ListCIMG call watched the copies")
	}
	for _, rec := range looks {
		var body struct {
			Condition struct {
				Names []string `json:"names"`
			} `json:"condition"`
		}
		if err := json.Unmarshal(rec.Body, &body); err != nil || len(body.Condition.Names) != len(names) {
			t.Errorf("a look asked %s, want the %d watched names only", rec.Body, len(names))
		}
	}
}
