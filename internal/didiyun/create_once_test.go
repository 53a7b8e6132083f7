package didiyun_test

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
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestCreateOnce breaks the answers to ImportCIMGOnce and CreateCIMGOnce in
// every way the mock can: whatever happens, at most one image is made, and
// when one is, the caller gets its job.
func TestCreateOnce(t *testing.T) {
	t.Parallel()
	const name = "exactly-once"
	importOnce := func(ctx context.Context, c *didiyun.Client) (didiyun.Job, error) {
		return c.ImportCIMGOnce(ctx, "gz", didiyun.ImportCIMGInput{Name: name, OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
	}
	createOnce := func(ctx context.Context, c *didiyun.Client) (didiyun.Job, error) {
		return c.CreateCIMGOnce(ctx, "gz", didiyun.CreateCIMGInput{Name: name, SnapUUID: mockserver.SeedSnapshotGZ})
	}
	tests := []struct {
		name       string
		endpoint   string
		call       func(context.Context, *didiyun.Client) (didiyun.Job, error)
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
		{name: "HTTP 500 without effect is resent", endpoint: mockserver.EndpointImportCIMG, call: importOnce,
			kind: mockserver.FaultHTTP500, failures: 2, maxRetries: 3, wantSends: 3, wantImages: 1},
		{name: "errno 2 without effect is resent", endpoint: mockserver.EndpointImportCIMG, call: importOnce,
			kind: mockserver.FaultErrno, failures: 1, maxRetries: 1, wantSends: 2, wantImages: 1},
		{name: "HTTP 500 every time gives up", endpoint: mockserver.EndpointImportCIMG, call: importOnce,
			kind: mockserver.FaultHTTP500, failures: -1, maxRetries: 2, wantSends: 3, wantErr: "no image named"},
		{name: "create: dropped answer adopts the image", endpoint: mockserver.EndpointCreateCIMG, call: createOnce,
			kind: mockserver.FaultDrop, failures: 1, wantSends: 1, wantImages: 1},
		{name: "create: HTTP 500 is resent", endpoint: mockserver.EndpointCreateCIMG, call: createOnce,
			kind: mockserver.FaultHTTP500, failures: 1, maxRetries: 1, wantSends: 2, wantImages: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, withMaxRetries(tt.maxRetries))
			if tt.kind != "" {
				rule := mockserver.FaultRule{Endpoint: tt.endpoint, Kind: tt.kind, Probability: 1}
				if tt.failures < 0 {
					e.Mock.SetFaults(rule)
				} else {
					e.faultFirst(tt.endpoint, tt.failures, rule)
				}
			}
			job, err := tt.call(e.ctx(), e.Client)
			if got := e.Mock.Count(tt.endpoint); got != tt.wantSends {
				t.Errorf("%d %s requests, want %d", got, tt.endpoint, tt.wantSends)
			}
			images := e.imagesNamed("gz", name)
			if len(images) != tt.wantImages {
				t.Fatalf("%d images named %s, want %d", len(images), name, tt.wantImages)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if job.ResourceUUID != images[0].CIMGUUID {
				t.Errorf("job.ResourceUUID = %s, want the image made, %s", job.ResourceUUID, images[0].CIMGUUID)
			}
			if done := e.waitJob("gz", job); !done.Success {
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
		e := newEnv(t)
		_, err := e.Client.ImportCIMGOnce(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: mockserver.SeedImageGZName, OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
		taken := asError[*didiyun.NameTakenError](t, err)
		if taken.Name != mockserver.SeedImageGZName || taken.RegionID != "gz" || !slices.Equal(taken.UUIDs, []string{mockserver.SeedImageGZ}) {
			t.Errorf("NameTakenError = %+v", taken)
		}
		if n := e.Mock.Count(mockserver.EndpointImportCIMG); n != 0 {
			t.Errorf("%d imports sent for a taken name", n)
		}
	})
	t.Run("unknown origin", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, err := e.Client.ImportCIMGOnce(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "fresh", OriginImageUUID: "ffffffffffffffffffffffffffffffff", OriginRegionID: "bj"})
		if !didiyun.IsImageQueryFailed(err) || didiyun.IsOutcomeUnknown(err) {
			t.Errorf("error %v, want image query failed (errno 41026), not an unknown outcome", err)
		}
		if n := e.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
			t.Errorf("%d imports sent, want 1", n)
		}
	})
	t.Run("name check fails", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, withMaxRetries(0))
		e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultHTTP500, Probability: 1})
		_, err := e.Client.ImportCIMGOnce(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "fresh", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
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
	e := newEnv(t)
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
			jobs[i], errs[i] = e.Client.ImportCIMGOnce(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "same", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
		}()
	}
	wg.Wait()
	images := e.imagesNamed("gz", "same")
	if len(images) != 1 {
		t.Fatalf("%d images named same, want 1", len(images))
	}
	adopted := 0
	for i, err := range errs {
		var taken *didiyun.NameTakenError
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
			e := newEnv(t, withMock(func(o *mockserver.Options) { o.NamesMatch = mockserver.NamesMatchSubstring }))
			other := e.Mock.AddImage(mockserver.Image{Name: "lweb-old", Regions: []string{"gz"}})
			if lost {
				e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDrop, Probability: 1})
			}
			job, err := e.Client.ImportCIMGOnce(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "lweb", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
			if err != nil {
				t.Fatalf("ImportCIMGOnce: %v", err)
			}
			mine := e.imagesNamed("gz", "lweb")
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
	e := newEnv(t)
	e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDrop, Probability: 1})
	e.setIntercept(func(_ http.ResponseWriter, r *http.Request, _ int) bool {
		if r.URL.Path == "/dicloud/i/storage/cimg/import" {
			e.Mock.AddImage(mockserver.Image{Name: "contested", Regions: []string{"gz"}}) // someone else's, same moment
		}
		return false
	})
	job, err := e.Client.ImportCIMGOnce(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "contested", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
	unresolved := asError[*didiyun.CreateUnresolvedError](t, err)
	if len(unresolved.Candidates) != 2 || job.ResourceUUID != "" {
		t.Errorf("candidates %v, job %+v; want 2 candidates and no job", unresolved.Candidates, job)
	}
}

// TestCreateOnce_jobWithoutResourceUUID: an answer whose job names no new
// image is looked into like a lost one, and the image made is adopted.
func TestCreateOnce_jobWithoutResourceUUID(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.setIntercept(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.URL.Path != "/dicloud/i/storage/cimg/import" {
			return false
		}
		rec := httptest.NewRecorder()
		e.Mock.ServeHTTP(rec, r)
		body := regexp.MustCompile(`"resourceUuid":"[0-9a-f]*"`).ReplaceAllString(rec.Body.String(), `"resourceUuid":""`)
		return answer(w, http.StatusOK, "application/json", body)
	})
	job, err := e.Client.ImportCIMGOnce(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "no-resource-uuid", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
	if err != nil {
		t.Fatal(err)
	}
	made := e.imagesNamed("gz", "no-resource-uuid")
	if len(made) != 1 || job.ResourceUUID != made[0].CIMGUUID {
		t.Errorf("job %+v, images made %+v; want the one image adopted", job, made)
	}
}
