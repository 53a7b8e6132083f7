package didiyun_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// repeatableCalls are the calls that may be resent after a failure.
var repeatableCalls = map[string]func(ctx context.Context, c *didiyun.Client) error{
	mockserver.EndpointListCIMG: func(ctx context.Context, c *didiyun.Client) error {
		out, err := c.ListCIMG(ctx, didiyun.ListCIMGInput{RegionID: "gz"})
		if err == nil && len(out.Items) != 4 {
			err = fmt.Errorf("ListCIMG returned %d images, want the 4 seeded", len(out.Items))
		}
		return err
	},
	mockserver.EndpointJobResult: func(ctx context.Context, c *didiyun.Client) error {
		jobs, err := c.JobResult(ctx, "gz", mockserver.SeedJobGZ)
		if err == nil && (len(jobs) != 1 || jobs[0].ID() != mockserver.SeedJobGZ) {
			err = fmt.Errorf("JobResult returned %+v", jobs)
		}
		return err
	},
	mockserver.EndpointListRegionAndZone: func(ctx context.Context, c *didiyun.Client) error {
		regions, err := c.ListRegionAndZone(ctx, "")
		if err == nil && len(regions) != 2 {
			err = fmt.Errorf("ListRegionAndZone returned %+v", regions)
		}
		return err
	},
	mockserver.EndpointChangeNameCIMG: func(ctx context.Context, c *didiyun.Client) error {
		return errOf(c.ChangeNameCIMG(ctx, "gz", mockserver.SeedImageGZ, "retried-name"))
	},
	mockserver.EndpointDeleteCIMG: func(ctx context.Context, c *didiyun.Client) error {
		return errOf(c.DeleteCIMG(ctx, "gz", mockserver.SeedImageGZDelete))
	},
}

// TestRetries_repeatableCallsRecover injects a few failures into a call that
// may be repeated: it succeeds in the end and the mock saw the extra tries.
func TestRetries_repeatableCallsRecover(t *testing.T) {
	t.Parallel()
	tests := []struct {
		endpoint string
		rule     mockserver.FaultRule
		failures int
	}{
		{mockserver.EndpointListCIMG, mockserver.FaultRule{Kind: mockserver.FaultHTTP500}, 3},
		{mockserver.EndpointJobResult, mockserver.FaultRule{Kind: mockserver.FaultHTTP500}, 3},
		{mockserver.EndpointChangeNameCIMG, mockserver.FaultRule{Kind: mockserver.FaultHTTP500}, 1},
		{mockserver.EndpointDeleteCIMG, mockserver.FaultRule{Kind: mockserver.FaultHTTP500}, 2},
		{mockserver.EndpointListCIMG, mockserver.FaultRule{Kind: mockserver.FaultErrno, Errno: didiyun.ErrnoSystemError}, 2},
		{mockserver.EndpointJobResult, mockserver.FaultRule{Kind: mockserver.FaultErrno, Errno: didiyun.ErrnoSystemError}, 2},
		{mockserver.EndpointListRegionAndZone, mockserver.FaultRule{Kind: mockserver.FaultErrno, Errno: didiyun.ErrnoUnknownError}, 2},
		{mockserver.EndpointDeleteCIMG, mockserver.FaultRule{Kind: mockserver.FaultErrno, Errno: didiyun.ErrnoSystemError}, 1},
		{mockserver.EndpointListCIMG, mockserver.FaultRule{Kind: mockserver.FaultTruncated}, 2},
		{mockserver.EndpointJobResult, mockserver.FaultRule{Kind: mockserver.FaultTruncated}, 1},
		{mockserver.EndpointListCIMG, mockserver.FaultRule{Kind: mockserver.FaultDrop}, 2},
		// The mock's 429 says Retry-After: 1, so one throttled try costs a second.
		{mockserver.EndpointListCIMG, mockserver.FaultRule{Kind: mockserver.FaultHTTP429}, 1},
		{mockserver.EndpointJobResult, mockserver.FaultRule{Kind: mockserver.FaultHTTP429}, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%d", tt.endpoint, tt.rule.Kind, tt.failures), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rule := tt.rule
			rule.Endpoint, rule.Probability = tt.endpoint, 1
			e.FaultFirst(tt.endpoint, tt.failures, rule)

			if err := repeatableCalls[tt.endpoint](e.ctx(), e.Client); err != nil {
				t.Fatalf("the call did not recover: %v", err)
			}
			if got, want := e.Mock.Count(tt.endpoint), tt.failures+1; got != want {
				t.Errorf("mock Count(%s) = %d, want %d (%d failures, then success)", tt.endpoint, got, want, tt.failures)
			}
			if got := e.Mock.FaultCounts()[string(tt.rule.Kind)]; got != tt.failures {
				t.Errorf("%d faults injected, want %d", got, tt.failures)
			}
		})
	}
}

// TestRetries_giveUp makes every try fail: the error says how many tries
// were made and quotes the last answer, and MaxRetries bounds the count.
func TestRetries_giveUp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind       mockserver.FaultKind
		errno      int
		maxRetries int
	}{
		{mockserver.FaultErrno, didiyun.ErrnoSystemError, 0},
		{mockserver.FaultErrno, didiyun.ErrnoSystemError, 1},
		{mockserver.FaultErrno, didiyun.ErrnoUnknownError, 4},
		{mockserver.FaultHTTP500, 0, 0},
		{mockserver.FaultHTTP500, 0, 3},
		{mockserver.FaultTruncated, 0, 2},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/errno=%d/maxRetries=%d", tt.kind, tt.errno, tt.maxRetries), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, withMaxRetries(tt.maxRetries))
			e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: tt.kind, Errno: tt.errno, Probability: 1})

			_, err := e.Client.ListCIMG(e.ctx(), didiyun.ListCIMGInput{RegionID: "gz"})
			if err == nil {
				t.Fatal("ListCIMG succeeded against a failing server")
			}
			tries := tt.maxRetries + 1
			if got := e.Mock.Count(mockserver.EndpointListCIMG); got != tries {
				t.Errorf("mock Count = %d, want %d (1 + MaxRetries %d)", got, tries, tt.maxRetries)
			}
			var attempts *didiyun.AttemptsError
			switch {
			case tries == 1 && errors.As(err, &attempts):
				t.Errorf("one try reported as %v", err)
			case tries > 1:
				attempts = didiyuntest.AsError[*didiyun.AttemptsError](t, err)
				if attempts.Attempts != tries || attempts.Operation != "ListCIMG" {
					t.Errorf("AttemptsError = %+v, want %d attempts of ListCIMG", attempts, tries)
				}
				if want := fmt.Sprintf("after %d attempts", tries); !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			records := e.requests(mockserver.EndpointListCIMG)
			last := records[len(records)-1]
			if tt.kind == mockserver.FaultErrno {
				apiErr := didiyuntest.AsError[*didiyun.APIError](t, err)
				if apiErr.Errno != tt.errno || apiErr.RequestID != last.RequestID {
					t.Errorf("APIError = %+v, want errno %d of the last try %s", apiErr, tt.errno, last.RequestID)
				}
				for _, part := range []string{fmt.Sprintf("errno %d", tt.errno), last.RequestID} {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q does not quote %q", err, part)
					}
				}
			} else {
				respErr := didiyuntest.AsError[*didiyun.ResponseError](t, err)
				if respErr.HTTPStatus != last.Status {
					t.Errorf("ResponseError status %d, want the last try's %d", respErr.HTTPStatus, last.Status)
				}
			}
		})
	}
}

// TestRetries_notRetried checks answers another try cannot fix.
func TestRetries_notRetried(t *testing.T) {
	t.Parallel()
	for _, errno := range []int{didiyun.ErrnoInvalidParameter, didiyun.ErrnoAuthFailed, didiyun.ErrnoInvalidCall, didiyun.ErrnoImageQuery, didiyun.ErrnoArrears, didiyun.ErrnoNoPermission} {
		t.Run(fmt.Sprint(errno), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointJobResult, Kind: mockserver.FaultErrno, Errno: errno, Probability: 1})
			_, err := e.Client.JobResult(e.ctx(), "gz", mockserver.SeedJobGZ)
			if didiyun.ErrorErrno(err) != errno {
				t.Fatalf("error %v, want errno %d", err, errno)
			}
			if got := e.Mock.Count(mockserver.EndpointJobResult); got != 1 {
				t.Errorf("errno %d was sent %d times, want once", errno, got)
			}
		})
	}
}

// TestRetries_retryAfterHonoured throttles the first try with Retry-After: 1
// and checks, from the arrival times, that the client waited that long
// rather than its own much shorter backoff.
func TestRetries_retryAfterHonoured(t *testing.T) {
	t.Parallel()
	for _, endpoint := range []string{mockserver.EndpointListCIMG, mockserver.EndpointImportCIMG} {
		t.Run(endpoint, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.SetIntercept(func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path != didiyuntest.Paths[endpoint] || n > 0 {
					return false
				}
				return didiyuntest.Answer(w, http.StatusTooManyRequests, "text/plain", "slow down", "Retry-After", "1")
			})
			var err error
			if endpoint == mockserver.EndpointImportCIMG {
				e.importImage("after-throttle")
			} else {
				err = repeatableCalls[endpoint](e.ctx(), e.Client)
			}
			if err != nil {
				t.Fatalf("call after a 429: %v", err)
			}
			arrivals := e.ArrivalsAt(endpoint)
			if len(arrivals) != 2 {
				t.Fatalf("%d tries, want 2", len(arrivals))
			}
			if gap := arrivals[1].At.Sub(arrivals[0].At); gap < 950*time.Millisecond {
				t.Errorf("the retry came %v after the 429, want at least the 1s Retry-After asked", gap)
			}
		})
	}
}

// TestImportCIMG_notResent breaks the answer to writes that make images: the
// client must not send them again (that would make a second image) and must
// say the outcome is unknown, since the mock did act.
func TestImportCIMG_notResent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		endpoint string
		kind     mockserver.FaultKind
		errno    int
		// acted: the mock applies the request before breaking the answer.
		acted bool
	}{
		{mockserver.EndpointImportCIMG, mockserver.FaultDrop, 0, true},
		{mockserver.EndpointImportCIMG, mockserver.FaultTruncated, 0, true},
		{mockserver.EndpointImportCIMG, mockserver.FaultHTTP500, 0, false},
		{mockserver.EndpointImportCIMG, mockserver.FaultErrno, didiyun.ErrnoSystemError, false},
		{mockserver.EndpointCreateCIMG, mockserver.FaultDrop, 0, true},
		{mockserver.EndpointCreateCIMG, mockserver.FaultHTTP500, 0, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.endpoint, tt.kind), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.Mock.SetFaults(mockserver.FaultRule{Endpoint: tt.endpoint, Kind: tt.kind, Errno: tt.errno, Probability: 1})

			var err error
			if tt.endpoint == mockserver.EndpointImportCIMG {
				_, err = e.Client.ImportCIMG(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "once-only", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
			} else {
				_, err = e.Client.CreateCIMG(e.ctx(), "gz", didiyun.CreateCIMGInput{Name: "once-only", SnapUUID: mockserver.SeedSnapshotGZ})
			}
			if err == nil {
				t.Fatal("the write succeeded despite the fault")
			}
			if got := e.Mock.Count(tt.endpoint); got != 1 {
				t.Errorf("%d %s requests reached the mock, want exactly 1", got, tt.endpoint)
			}
			if !didiyun.IsOutcomeUnknown(err) || !errors.Is(err, didiyun.ErrOutcomeUnknown) {
				t.Errorf("error %v is not marked outcome-unknown", err)
			}
			if !strings.Contains(err.Error(), tt.endpoint) {
				t.Errorf("error %q does not name %s", err, tt.endpoint)
			}
			var attempts *didiyun.AttemptsError
			if errors.As(err, &attempts) {
				t.Errorf("error %v reports retries", err)
			}
			if got := len(e.ImagesNamed("gz", "once-only")); (got == 1) != tt.acted || got > 1 {
				t.Errorf("the mock holds %d images named once-only, want %d", got, map[bool]int{true: 1}[tt.acted])
			}
		})
	}
}

// TestImportCIMG_retriedWhenNothingHappened: a 429 is answered before the
// request is processed, and a refused connection never sent it, so both may
// be retried, and neither is outcome-unknown when retries run out.
func TestImportCIMG_retriedWhenNothingHappened(t *testing.T) {
	t.Parallel()
	importOnce := func(e *testEnv) error {
		_, err := e.Client.ImportCIMG(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "throttled", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
		return err
	}
	throttle := func(times int) didiyuntest.Intercept {
		return func(w http.ResponseWriter, r *http.Request, n int) bool {
			if r.URL.Path != didiyuntest.Paths[mockserver.EndpointImportCIMG] || (times >= 0 && n >= times) {
				return false
			}
			return didiyuntest.Answer(w, http.StatusTooManyRequests, "text/html", "<html>429</html>", "Retry-After", "0")
		}
	}

	t.Run("mock 429 then success", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.FaultFirst(mockserver.EndpointImportCIMG, 1, mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultHTTP429, Probability: 1})
		if err := importOnce(e); err != nil {
			t.Fatalf("ImportCIMG after a 429: %v", err)
		}
		if got := e.Mock.Count(mockserver.EndpointImportCIMG); got != 2 {
			t.Errorf("mock Count = %d, want 2 (throttled, then accepted)", got)
		}
		if got := len(e.ImagesNamed("gz", "throttled")); got != 1 {
			t.Errorf("%d images made, want 1", got)
		}
	})

	t.Run("two 429s then success", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.SetIntercept(throttle(2))
		if err := importOnce(e); err != nil {
			t.Fatalf("ImportCIMG after two 429s: %v", err)
		}
		if got := len(e.ArrivalsAt(mockserver.EndpointImportCIMG)); got != 3 {
			t.Errorf("%d tries, want 3", got)
		}
		if got := len(e.ImagesNamed("gz", "throttled")); got != 1 {
			t.Errorf("%d images made, want 1", got)
		}
	})

	t.Run("429 until retries run out", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, withMaxRetries(2))
		e.SetIntercept(throttle(-1))
		err := importOnce(e)
		if attempts := didiyuntest.AsError[*didiyun.AttemptsError](t, err); attempts.Attempts != 3 {
			t.Errorf("attempts = %d, want 3", attempts.Attempts)
		}
		if respErr := didiyuntest.AsError[*didiyun.ResponseError](t, err); respErr.HTTPStatus != http.StatusTooManyRequests {
			t.Errorf("last answer HTTP %d, want 429", respErr.HTTPStatus)
		}
		if didiyun.IsOutcomeUnknown(err) {
			t.Errorf("a throttled import is marked outcome-unknown: %v", err)
		}
		if got := e.Mock.Count(mockserver.EndpointImportCIMG); got != 0 {
			t.Errorf("%d requests passed the throttle, want none", got)
		}
	})

	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, withMaxRetries(2))
		e.Server.Close()
		err := importOnce(e)
		if err == nil {
			t.Fatal("ImportCIMG to a closed server succeeded")
		}
		if didiyun.IsOutcomeUnknown(err) {
			t.Errorf("a refused connection is marked outcome-unknown: %v", err)
		}
		var opErr *net.OpError
		if !errors.As(err, &opErr) || opErr.Op != "dial" {
			t.Errorf("error %v is not a dial error", err)
		}
		if attempts := didiyuntest.AsError[*didiyun.AttemptsError](t, err); attempts.Attempts != 3 {
			t.Errorf("attempts = %d, want 3: a request that never left may be retried", attempts.Attempts)
		}
		if got := e.Mock.Count(mockserver.EndpointImportCIMG); got != 0 {
			t.Errorf("the mock saw %d imports, want none", got)
		}
	})
}

// TestAttempts_stoppedEarlySaysWhy: a write throttled once and then failing
// with HTTP 500 stops after 2 tries although max_retries allows more; the
// message says both counts and why, so it never reads as the limit.
func TestAttempts_stoppedEarlySaysWhy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withMaxRetries(5))
	e.SetIntercept(func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.URL.Path != didiyuntest.Paths[mockserver.EndpointImportCIMG] {
			return false
		}
		if n == 0 {
			return didiyuntest.Answer(w, http.StatusTooManyRequests, "text/html", "<html>429</html>", "Retry-After", "0")
		}
		return didiyuntest.Answer(w, http.StatusInternalServerError, "text/html", "<html>500</html>")
	})
	_, err := e.Client.ImportCIMG(e.ctx(), "gz", didiyun.ImportCIMGInput{Name: "early", OriginImageUUID: mockserver.SeedImageBJ, OriginRegionID: "bj"})
	attempts := didiyuntest.AsError[*didiyun.AttemptsError](t, err)
	if attempts.Attempts != 2 || attempts.Limit != 6 {
		t.Errorf("attempts %d of %d, want 2 of 6", attempts.Attempts, attempts.Limit)
	}
	want := "ImportCIMG gave up after 2 of up to 6 attempts, as a request that may have reached DiDi Cloud is not sent again"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
}
