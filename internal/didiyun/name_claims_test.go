package didiyun_test

import (
	"errors"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// listingsDuring counts the ListCIMG calls f makes.
func listingsDuring(e *testEnv, f func()) int {
	before := e.Mock.Count(mockserver.EndpointListCIMG)
	f()
	return e.Mock.Count(mockserver.EndpointListCIMG) - before
}

func claim(e *testEnv, name, except string) error {
	release, err := e.Client.ClaimName(e.ctx(), "gz", name, except)
	if err == nil {
		release()
	}
	return err
}

// TestClaimName_answeredByTheListingOfTheMoment: a listing of the region
// that just started answers the check of a name nobody wrote since.
func TestClaimName_answeredByTheListingOfTheMoment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.Client.RegionImagesForName(e.ctx(), "gz", ""); err != nil {
		t.Fatal(err)
	}
	if n := listingsDuring(e, func() {
		if err := claim(e, "free-name", ""); err != nil {
			t.Errorf("ClaimName: %v", err)
		}
	}); n != 0 {
		t.Errorf("ClaimName made %d ListCIMG calls, want none after a listing of the moment", n)
	}
}

// TestClaimName_neverFromAListingOlderThanAWrite: a listing that started
// before this client created an image under the name, renamed one, or more
// than a second ago, cannot tell that the name is free.
func TestClaimName_neverFromAListingOlderThanAWrite(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		write    func(e *testEnv) // after the listing
		name     string           // then claimed
		wantTake bool             // NameTakenError expected
	}{
		"own create of the name": {
			write:    func(e *testEnv) { e.importImage("taken-since") },
			name:     "taken-since",
			wantTake: true,
		},
		"a rename in the region": {
			write: func(e *testEnv) {
				img := e.Mock.AddImage(mockserver.Image{Name: "before", Regions: []string{"gz"}})
				if _, err := e.Client.RegionImagesForName(e.ctx(), "gz", ""); err != nil {
					e.t.Fatal(err)
				}
				job, err := e.Client.ChangeNameCIMG(e.ctx(), "gz", img.CIMGUUID, "after")
				if err != nil {
					e.t.Fatal(err)
				}
				e.waitJob("gz", job)
			},
			name:     "after",
			wantTake: true,
		},
		"a second later": {
			write:    func(*testEnv) { time.Sleep(1100 * time.Millisecond) },
			name:     "free-name",
			wantTake: false,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, withMock(func(o *mockserver.Options) { o.JobDuration = 0 }))
			if _, err := e.Client.RegionImagesForName(e.ctx(), "gz", ""); err != nil {
				t.Fatal(err)
			}
			tt.write(e)
			var err error
			if n := listingsDuring(e, func() { err = claim(e, tt.name, "") }); n == 0 {
				t.Errorf("ClaimName answered from a listing older than the write")
			}
			var nameTaken *didiyun.NameTakenError
			if taken := errors.As(err, &nameTaken); taken != tt.wantTake {
				t.Errorf("ClaimName = %v, want taken %v", err, tt.wantTake)
			}
		})
	}
}

// TestClaimName_neverFromAListingOfSeveralPages: an image made between two
// pages of a listing can be missing from it, so only a one-page listing
// tells that a name is free.
func TestClaimName_neverFromAListingOfSeveralPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withMock(func(o *mockserver.Options) { o.MaxPageSize = 2 }))
	if _, err := e.Client.RegionImagesForName(e.ctx(), "gz", ""); err != nil {
		t.Fatal(err)
	}
	if n := listingsDuring(e, func() {
		if err := claim(e, "free-name", ""); err != nil {
			t.Errorf("ClaimName: %v", err)
		}
	}); n == 0 {
		t.Error("ClaimName answered from a listing of several pages")
	}
}
