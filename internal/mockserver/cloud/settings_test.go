package cloud

import (
	"testing"
	"time"
)

// TestSetJobOutcome_clearing: the zero outcome clears one type's rule, and
// for "" every type's, so an earlier hang never outlives a clear-all.
func TestSetJobOutcome_clearing(t *testing.T) {
	t.Parallel()
	s, err := Open(Config{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	s.SetJobOutcome(JobTypeImportCIMG, JobOutcome{Hang: true})
	s.SetJobOutcome(JobTypeDeleteCIMG, JobOutcome{Fail: true})
	s.SetJobOutcome(JobTypeDeleteCIMG, JobOutcome{})
	if _, ok := s.outcomes[JobTypeDeleteCIMG]; ok || len(s.outcomes) != 1 {
		t.Fatalf("after clearing DeleteCIMG: %v, want the ImportCIMG rule alone", s.outcomes)
	}
	s.SetJobOutcome("", JobOutcome{})
	if len(s.outcomes) != 0 {
		t.Errorf("after clearing all: %v, want none", s.outcomes)
	}
}
