package ownership_test

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/regionview"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// claimAll runs ClaimName for every name at once and returns each error.
func claimAll(e *env, names []string) []error {
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := e.Owners.ClaimName(e.ctx(), "gz", name, "")
			if err == nil {
				release()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	return errs
}

// A window far longer than it takes to start the goroutines, so that the
// count below depends on batching alone.
var longBatchWindow = regionview.Options{NameBatchWindow: 2 * time.Second}

func TestNameBatch_concurrentChecksShareOneCall(t *testing.T) {
	t.Parallel()
	e := newEnv(t, setup{images: longBatchWindow})
	e.Mock.AddImage(mockserver.Image{Name: "taken-7", Regions: []string{"gz"}})
	names := make([]string, 20)
	for i := range names {
		names[i] = fmt.Sprintf("taken-%d", i)
	}
	errs := claimAll(e, names)
	for i, err := range errs {
		var taken *ownership.NameTakenError
		switch {
		case i == 7 && !errors.As(err, &taken):
			t.Errorf("taken-7: %v, want a NameTakenError", err)
		case i != 7 && err != nil:
			t.Errorf("%s: %v, want it free", names[i], err)
		}
	}
	if n := e.Mock.Count(mockserver.EndpointListCIMG); n != 1 {
		t.Errorf("20 concurrent name checks made %d ListCIMG calls, want 1", n)
	}
}

func TestNameBatch_failedCallFailsEveryWaiter(t *testing.T) {
	t.Parallel()
	e := newEnv(t, setup{client: maxRetries(0), images: longBatchWindow})
	e.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultHTTP500, Probability: 1})
	for i, err := range claimAll(e, []string{"a", "b", "c"}) {
		var respErr *didiyun.ResponseError
		if !errors.As(err, &respErr) || respErr.HTTPStatus != http.StatusInternalServerError {
			t.Errorf("check %d: %v, want the shared lookup's HTTP 500", i, err)
		}
	}
	if n := e.Mock.Count(mockserver.EndpointListCIMG); n != 1 {
		t.Errorf("%d ListCIMG calls, want the one the three checks shared", n)
	}
}

func TestNameBatch_exactNamesAfterALooseServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, setup{images: longBatchWindow, mock: func(o *mockserver.Options) { o.NamesMatch = mockserver.NamesMatchSubstring }})
	e.Mock.AddImage(mockserver.Image{Name: "web-old", Regions: []string{"gz"}})
	errs := claimAll(e, []string{"web", "web-old"})
	var taken *ownership.NameTakenError
	if errs[0] != nil {
		t.Errorf("web: %v; an image named web-old must not take it", errs[0])
	}
	if !errors.As(errs[1], &taken) {
		t.Errorf("web-old: %v, want a NameTakenError", errs[1])
	}
}
