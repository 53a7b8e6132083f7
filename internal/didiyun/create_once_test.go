package didiyun_test

import (
	"context"
	"slices"
	"strings"
	"testing"

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
		if !didiyun.IsNotFound(err) || didiyun.IsOutcomeUnknown(err) {
			t.Errorf("error %v, want a plain not-found", err)
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
