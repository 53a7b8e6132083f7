package mockserver

import (
	"fmt"
	"testing"
)

// The log keeps the last maxLoggedRequests records, oldest first, as it
// fills, once full, and after wrapping more than once.
func TestRequestLogKeepsTheLast(t *testing.T) {
	for _, logged := range []int{0, 1, maxLoggedRequests - 1, maxLoggedRequests, maxLoggedRequests + 1, 2*maxLoggedRequests + 7} {
		t.Run(fmt.Sprint(logged), func(t *testing.T) {
			var r requestRing
			for i := range logged {
				r.add(RequestRecord{RequestID: fmt.Sprint(i)})
			}
			got := r.all()
			want := min(logged, maxLoggedRequests)
			if len(got) != want {
				t.Fatalf("%d records, want %d", len(got), want)
			}
			for i, rec := range got {
				if w := fmt.Sprint(logged - want + i); rec.RequestID != w {
					t.Fatalf("record %d is request %s, want %s", i, rec.RequestID, w)
				}
			}
			if logged > 0 {
				got[0].RequestID = "changed"
				if r.all()[0].RequestID == "changed" {
					t.Fatal("all shares its records with the log")
				}
			}
		})
	}
}

// A full log takes a record without allocating or moving the others.
func TestRequestLogFullAddsInPlace(t *testing.T) {
	var r requestRing
	for range maxLoggedRequests {
		r.add(RequestRecord{})
	}
	first := &r.recs[0]
	if allocs := testing.AllocsPerRun(100, func() { r.add(RequestRecord{Method: "POST"}) }); allocs != 0 {
		t.Errorf("%v allocations per record once full, want 0", allocs)
	}
	if &r.recs[0] != first || len(r.recs) != maxLoggedRequests {
		t.Errorf("the log moved or grew: %d records", len(r.recs))
	}
}

func BenchmarkRequestLogFull(b *testing.B) {
	var r requestRing
	for range maxLoggedRequests {
		r.add(RequestRecord{})
	}
	for b.Loop() {
		r.add(RequestRecord{Method: "POST"})
	}
}
