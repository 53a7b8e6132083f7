package didiyun_test

import (
	"net/http"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestFindCIMG_aMissIsConfirmed: the shared listing's miss is only a
// suspicion. FindCIMG says "not found" only when a lookup by name and a
// fresh listing agree, and any failure on the way is an error, not a miss.
func TestFindCIMG_aMissIsConfirmed(t *testing.T) {
	t.Parallel()
	const emptyRegion = `{"errno":0,"errmsg":"ok","requestId":"r","data":[]}`
	tests := []struct {
		name      string
		uuid      string
		hint      string
		intercept interceptFunc // sees ListCIMG requests only
		wantFound bool
		wantErr   bool
		wantCalls int
	}{
		{name: "listing misses, name lookup finds", uuid: mockserver.SeedImageGZ, hint: mockserver.SeedImageGZName,
			intercept: func(w http.ResponseWriter, _ *http.Request, n int) bool {
				return n == 0 && answer(w, http.StatusOK, "application/json", emptyRegion)
			},
			wantFound: true, wantCalls: 2},
		{name: "listing and name lookup miss, fresh listing finds", uuid: mockserver.SeedImageGZ, hint: "renamed-since",
			intercept: func(w http.ResponseWriter, _ *http.Request, n int) bool {
				return n == 0 && answer(w, http.StatusOK, "application/json", emptyRegion)
			},
			wantFound: true, wantCalls: 3},
		{name: "all three agree it is gone", uuid: "00000000000000000000000000000000", hint: "gone",
			wantFound: false, wantCalls: 3},
		{name: "no name known: the fresh listing decides", uuid: "00000000000000000000000000000000",
			wantFound: false, wantCalls: 2},
		{name: "a failing confirmation is an error, not a miss", uuid: mockserver.SeedImageGZ, hint: mockserver.SeedImageGZName,
			intercept: func(w http.ResponseWriter, _ *http.Request, n int) bool {
				if n == 0 {
					return answer(w, http.StatusOK, "application/json", emptyRegion)
				}
				return answer(w, http.StatusOK, "application/json", `{"errno":41026,"errmsg":"查询镜像失败","requestId":"r","data":null}`)
			},
			wantErr: true, wantCalls: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, withMaxRetries(0))
			if tt.intercept != nil {
				e.setIntercept(func(w http.ResponseWriter, r *http.Request, n int) bool {
					return r.URL.Path == "/dicloud/i/storage/cimg/list" && tt.intercept(w, r, n)
				})
			}
			img, found, err := e.Images.Find(e.ctx(), "gz", tt.uuid, tt.hint)
			if (err != nil) != tt.wantErr || found != tt.wantFound {
				t.Fatalf("FindCIMG = found %v, err %v; want found %v, error %v", found, err, tt.wantFound, tt.wantErr)
			}
			if found && img.UUID != tt.uuid {
				t.Errorf("found %s, want %s", img.UUID, tt.uuid)
			}
			if calls := len(e.arrivalsAt(mockserver.EndpointListCIMG)); calls != tt.wantCalls {
				t.Errorf("%d ListCIMG calls, want %d", calls, tt.wantCalls)
			}
		})
	}
}
