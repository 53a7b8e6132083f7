package regionview_test

import (
	"net/http"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/regionview"
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
		intercept didiyuntest.Intercept // sees ListCIMG requests only
		wantFound bool
		wantErr   bool
		wantCalls int
	}{
		{name: "listing misses, name lookup finds", uuid: mockserver.SeedImageGZ, hint: mockserver.SeedImageGZName,
			intercept: func(w http.ResponseWriter, _ *http.Request, n int) bool {
				return n == 0 && didiyuntest.Answer(w, http.StatusOK, "application/json", emptyRegion)
			},
			wantFound: true, wantCalls: 2},
		{name: "listing and name lookup miss, fresh listing finds", uuid: mockserver.SeedImageGZ, hint: "renamed-since",
			intercept: func(w http.ResponseWriter, _ *http.Request, n int) bool {
				return n == 0 && didiyuntest.Answer(w, http.StatusOK, "application/json", emptyRegion)
			},
			wantFound: true, wantCalls: 3},
		{name: "all three agree it is gone", uuid: "00000000000000000000000000000000", hint: "gone",
			wantFound: false, wantCalls: 3},
		{name: "no name known: the fresh listing decides", uuid: "00000000000000000000000000000000",
			wantFound: false, wantCalls: 2},
		{name: "a failing confirmation is an error, not a miss", uuid: mockserver.SeedImageGZ, hint: mockserver.SeedImageGZName,
			intercept: func(w http.ResponseWriter, _ *http.Request, n int) bool {
				if n == 0 {
					return didiyuntest.Answer(w, http.StatusOK, "application/json", emptyRegion)
				}
				return didiyuntest.Answer(w, http.StatusOK, "application/json", `{"errno":41026,"errmsg":"查询镜像失败","requestId":"r","data":null}`)
			},
			wantErr: true, wantCalls: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, _, view := newView(t, regionview.Options{}, func(o *didiyun.Options) { o.MaxRetries = 0 })
			if tt.intercept != nil {
				d.SetIntercept(func(w http.ResponseWriter, r *http.Request, n int) bool {
					return r.URL.Path == didiyuntest.Paths[mockserver.EndpointListCIMG] && tt.intercept(w, r, n)
				})
			}
			img, found, err := view.Find(didiyuntest.Ctx(t), "gz", tt.uuid, tt.hint)
			if (err != nil) != tt.wantErr || found != tt.wantFound {
				t.Fatalf("FindCIMG = found %v, err %v; want found %v, error %v", found, err, tt.wantFound, tt.wantErr)
			}
			if found && img.UUID != tt.uuid {
				t.Errorf("found %s, want %s", img.UUID, tt.uuid)
			}
			if calls := len(d.ArrivalsAt(mockserver.EndpointListCIMG)); calls != tt.wantCalls {
				t.Errorf("%d ListCIMG calls, want %d", calls, tt.wantCalls)
			}
		})
	}
}

// TestFind_followsAnOutOfBandRename: a write through the client drops the
// shared listing, so Find sees a rename made in the console since.
func TestFind_followsAnOutOfBandRename(t *testing.T) {
	t.Parallel()
	d, client, view := newView(t, regionview.Options{}, nil)
	ctx := didiyuntest.Ctx(t)
	img, found, err := view.Find(ctx, "gz", mockserver.SeedImageGZUbuntu, mockserver.SeedImageGZUbuntuName)
	if err != nil || !found || img.Name != mockserver.SeedImageGZUbuntuName {
		t.Fatalf("FindCIMG = %+v, %v, %v", img, found, err)
	}
	d.Mock.RenameImage(mockserver.SeedImageGZUbuntu, "renamed-in-console")
	// A write through the client drops the shared listing.
	if _, err := client.DeleteCIMG(ctx, "gz", mockserver.SeedImageGZDelete); err != nil {
		t.Fatal(err)
	}
	img, found, err = view.Find(ctx, "gz", mockserver.SeedImageGZUbuntu, mockserver.SeedImageGZUbuntuName)
	if err != nil || !found || img.Name != "renamed-in-console" {
		t.Fatalf("FindCIMG after a rename = %+v, %v, %v; want found with its new name", img, found, err)
	}
	_, found, err = view.Find(ctx, "gz", "00000000000000000000000000000000", "")
	if err != nil || found {
		t.Fatalf("FindCIMG of an unknown uuid: found %v, err %v; want not found, no error", found, err)
	}
}
