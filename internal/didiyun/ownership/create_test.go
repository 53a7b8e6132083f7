package ownership_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestCreateOnce breaks the answers to ImportCIMG and CreateCIMG in every way
// the mock can: whatever happens, the create is sent once, at most one image
// is made, and the caller gets its job only when the image is provably the
// one the create made.
func TestCreateOnce(t *testing.T) {
	t.Parallel()
	const name = "exactly-once"
	importOnce := (*env).importOnce
	createOnce := (*env).createOnce
	tests := []struct {
		name       string
		endpoint   string
		call       func(*env, context.Context, string) (didiyun.Job, error)
		mock       func(*mockserver.Options)
		kind       mockserver.FaultKind
		failures   int // requests that see the fault; -1 for all
		maxRetries int
		wantSends  int
		wantImages int
		wantErr    string
	}{
		{name: "clean", endpoint: mockserver.EndpointImportCIMG, call: importOnce, wantSends: 1, wantImages: 1},
		{name: "dropped answer adopts the image", endpoint: mockserver.EndpointImportCIMG, call: importOnce,
			kind: mockserver.FaultDrop, failures: 1, wantSends: 1, wantImages: 1},
		{name: "truncated answer adopts the image", endpoint: mockserver.EndpointImportCIMG, call: importOnce,
			kind: mockserver.FaultTruncated, failures: 1, wantSends: 1, wantImages: 1},
		{name: "HTTP 500 is not sent again", endpoint: mockserver.EndpointImportCIMG, call: importOnce,
			kind: mockserver.FaultHTTP500, failures: 1, maxRetries: 3, wantSends: 1, wantErr: "no image named"},
		{name: "errno 2 is not sent again", endpoint: mockserver.EndpointImportCIMG, call: importOnce,
			kind: mockserver.FaultErrno, failures: 1, maxRetries: 3, wantSends: 1, wantErr: "no image named"},
		{name: "create: dropped answer adopts the image", endpoint: mockserver.EndpointCreateCIMG, call: createOnce,
			kind: mockserver.FaultDrop, failures: 1, wantSends: 1, wantImages: 1},
		{name: "create: HTTP 500 is not sent again", endpoint: mockserver.EndpointCreateCIMG, call: createOnce,
			kind: mockserver.FaultHTTP500, failures: 1, maxRetries: 1, wantSends: 1, wantErr: "no image named"},
		{name: "answer without resourceUuid: JobResult names the image", endpoint: mockserver.EndpointImportCIMG,
			call: importOnce, mock: func(o *mockserver.Options) { o.OmitCreateResourceUUID = true }, wantSends: 1, wantImages: 1},
		{name: "create: answer without resourceUuid", endpoint: mockserver.EndpointCreateCIMG,
			call: createOnce, mock: func(o *mockserver.Options) { o.OmitCreateResourceUUID = true }, wantSends: 1, wantImages: 1},
		{name: "dropped answer, listing shows no job: the candidate is named, not adopted", endpoint: mockserver.EndpointImportCIMG,
			call: importOnce, mock: func(o *mockserver.Options) { o.HideListJobs = true },
			kind: mockserver.FaultDrop, failures: 1, wantSends: 1, wantImages: 1, wantErr: "none provably made by this request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, setup{mock: tt.mock, client: maxRetries(tt.maxRetries)})
			if tt.kind != "" {
				rule := mockserver.FaultRule{Endpoint: tt.endpoint, Kind: tt.kind, Probability: 1}
				if tt.failures < 0 {
					e.Mock.SetFaults(rule)
				} else {
					e.FaultFirst(tt.endpoint, tt.failures, rule)
				}
			}
			// The create's timeout: a create that may have made an image
			// looks for it until then.
			ctx, cancel := context.WithTimeout(e.ctx(), 2*time.Second)
			defer cancel()
			job, err := tt.call(e, ctx, name)
			if got := e.Mock.Count(tt.endpoint); got != tt.wantSends {
				t.Errorf("%d %s requests, want %d", got, tt.endpoint, tt.wantSends)
			}
			images := e.ImagesNamed("gz", name)
			if len(images) != tt.wantImages {
				t.Fatalf("%d images named %s, want %d", len(images), name, tt.wantImages)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
				}
				for _, img := range images {
					if !strings.Contains(err.Error(), img.CIMGUUID) {
						t.Errorf("error %q does not name the candidate %s", err, img.CIMGUUID)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if job.ResourceUUID != images[0].CIMGUUID {
				t.Errorf("job.ResourceUUID = %s, want the image made, %s", job.ResourceUUID, images[0].CIMGUUID)
			}
			done, err := e.Jobs.Wait(e.ctx(), "gz", job.ID(), time.Time{}, nil)
			if err != nil {
				t.Fatalf("WaitJob %s: %v", job.ID(), err)
			}
			if !done.Success {
				t.Errorf("the adopted job ended %+v", done)
			}
		})
	}
}

// TestCreateOnce_refusals sends nothing for a taken name and returns a clean
// refusal as it is.
func TestCreateOnce_refusals(t *testing.T) {
	t.Parallel()
	t.Run("name taken", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, setup{})
		_, err := e.importOnce(e.ctx(), mockserver.SeedImageGZName)
		taken := didiyuntest.AsError[*ownership.NameTakenError](t, err)
		if taken.Name != mockserver.SeedImageGZName || taken.RegionID != "gz" || !slices.Equal(taken.UUIDs, []string{mockserver.SeedImageGZ}) {
			t.Errorf("NameTakenError = %+v", taken)
		}
		if n := e.Mock.Count(mockserver.EndpointImportCIMG); n != 0 {
			t.Errorf("%d imports sent for a taken name", n)
		}
	})
	t.Run("unknown origin", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, setup{})
		_, err := e.importFrom(e.ctx(), "fresh", "ffffffffffffffffffffffffffffffff")
		if !didiyun.IsImageQueryFailed(err) || didiyun.IsOutcomeUnknown(err) {
			t.Errorf("error %v, want image query failed (errno 41026), not an unknown outcome", err)
		}
		if n := e.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
			t.Errorf("%d imports sent, want 1", n)
		}
	})
	t.Run("name check fails", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, setup{client: maxRetries(0)})
		e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultHTTP500, Probability: 1})
		_, err := e.importOnce(e.ctx(), "fresh")
		if err == nil {
			t.Fatal("created an image without checking its name")
		}
		if n := e.Mock.Count(mockserver.EndpointImportCIMG); n != 0 {
			t.Errorf("%d imports sent although the name could not be checked", n)
		}
	})
}

// TestCreateOnce_oneNameManyCallers sends many creates of one name at once,
// with every answer lost after a delay: one image is made and adopted by
// exactly one caller; every other caller is refused before sending.
func TestCreateOnce_oneNameManyCallers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, setup{})
	e.Mock.SetFaults(
		mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultLatency, Probability: 1, Latency: 50 * time.Millisecond},
		mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDrop, Probability: 1},
	)
	const callers = 6
	var wg sync.WaitGroup
	jobs := make([]didiyun.Job, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jobs[i], errs[i] = e.importOnce(e.ctx(), "same")
		}()
	}
	wg.Wait()
	images := e.ImagesNamed("gz", "same")
	if len(images) != 1 {
		t.Fatalf("%d images named same, want 1", len(images))
	}
	adopted := 0
	for i, err := range errs {
		var taken *ownership.NameTakenError
		switch {
		case err == nil:
			adopted++
			if jobs[i].ResourceUUID != images[0].CIMGUUID {
				t.Errorf("caller %d holds %s, want %s", i, jobs[i].ResourceUUID, images[0].CIMGUUID)
			}
		case !errors.As(err, &taken):
			t.Errorf("caller %d: %v, want a NameTakenError", i, err)
		}
	}
	if adopted != 1 {
		t.Errorf("%d callers hold the image, want exactly 1", adopted)
	}
	if n := e.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
		t.Errorf("%d imports sent, want 1", n)
	}
}

// TestCreateOnce_looseNameMatching runs against a server whose names filter
// matches substrings: another image whose name contains ours neither blocks
// the create nor is ever adopted when the answer is lost.
func TestCreateOnce_looseNameMatching(t *testing.T) {
	t.Parallel()
	for _, lost := range []bool{false, true} {
		t.Run(fmt.Sprintf("answer lost=%v", lost), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, setup{mock: func(o *mockserver.Options) { o.NamesMatch = mockserver.NamesMatchSubstring }})
			other := e.Mock.AddImage(mockserver.Image{Name: "lweb-old", Regions: []string{"gz"}})
			if lost {
				e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDrop, Probability: 1})
			}
			job, err := e.importOnce(e.ctx(), "lweb")
			if err != nil {
				t.Fatalf("CreateOnce: %v", err)
			}
			mine := e.ImagesNamed("gz", "lweb")
			if len(mine) != 1 || job.ResourceUUID != mine[0].CIMGUUID || job.ResourceUUID == other.CIMGUUID {
				t.Errorf("job for %s; images named lweb %v; lweb-old is %s", job.ResourceUUID, mine, other.CIMGUUID)
			}
		})
	}
}

// TestCreateOnce_twoCandidatesAdoptNone: when the answer is lost and two new
// images carry the name, nothing tells which one the request made.
func TestCreateOnce_twoCandidatesAdoptNone(t *testing.T) {
	t.Parallel()
	e := newEnv(t, setup{})
	e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDrop, Probability: 1})
	e.SetIntercept(func(_ http.ResponseWriter, r *http.Request, _ int) bool {
		if r.URL.Path == didiyuntest.Paths[mockserver.EndpointImportCIMG] {
			e.Mock.AddImage(mockserver.Image{Name: "contested", Regions: []string{"gz"}}) // someone else's, same moment
		}
		return false
	})
	job, err := e.importOnce(e.ctx(), "contested")
	unresolved := didiyuntest.AsError[*ownership.UnresolvedError](t, err)
	if len(unresolved.Candidates) != 2 || job.ResourceUUID != "" {
		t.Errorf("candidates %v, job %+v; want 2 candidates and no job", unresolved.Candidates, job)
	}
	if n := e.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
		t.Errorf("%d imports sent, want 1", n)
	}
}

// TestCreateOnce_jobWithoutResourceUUIDNorJobResult: when neither the
// answer nor JobResult names the new image, the create fails naming its job,
// and is not sent again.
func TestCreateOnce_jobWithoutResourceUUIDNorJobResult(t *testing.T) {
	t.Parallel()
	e := newEnv(t, setup{mock: func(o *mockserver.Options) { o.OmitCreateResourceUUID = true }})
	e.SetIntercept(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.URL.Path != didiyuntest.Paths[mockserver.EndpointJobResult] {
			return false
		}
		rec := httptest.NewRecorder()
		e.Mock.ServeHTTP(rec, r)
		body := regexp.MustCompile(`"resourceUuid":"[0-9a-f]*",?`).ReplaceAllString(rec.Body.String(), ``)
		return didiyuntest.Answer(w, http.StatusOK, "application/json", body)
	})
	ctx, cancel := context.WithTimeout(e.ctx(), 2*time.Second) // asked until the create's timeout
	defer cancel()
	_, err := e.importOnce(ctx, "no-resource-uuid")
	unresolved := didiyuntest.AsError[*ownership.UnresolvedError](t, err)
	if unresolved.JobUUID == "" || !strings.Contains(err.Error(), unresolved.JobUUID) {
		t.Errorf("error %q does not name the job", err)
	}
	if n := e.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
		t.Errorf("%d imports sent, want 1", n)
	}
	if made := e.ImagesNamed("gz", "no-resource-uuid"); len(made) != 1 {
		t.Errorf("%d images made, want the 1 the create made", len(made))
	}
}
