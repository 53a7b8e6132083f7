package apidiag_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
)

// TestDeadlineHintFromProgress: a timeout that ran out on a slow job is told
// how long the job needs from how far it got, rounded up to a value a person
// would write, not a doubling of the old value.
func TestDeadlineHintFromProgress(t *testing.T) {
	ranOut := func(entry string, limit time.Duration) error {
		return fmt.Errorf("waiting for job: %w", &apidiag.OperationDeadline{Entry: entry, Limit: limit})
	}
	cases := []struct {
		name string
		err  error
		want []string
		not  []string
	}{
		{name: "13 % after 10s of a fresh copy",
			err: &apidiag.JobProgress{Err: ranOut("create", 10*time.Second), FirstAt: time.Second, FirstPercent: 1.3,
				LastAt: 10 * time.Second, Percent: 13, Waited: 10 * time.Second},
			want: []string{"at 13 % (10s into the wait)", "needs about 1m17s in all", "at least `timeouts { create = \"80s\" }`"},
			not:  []string{"\"20s\""}},
		{name: "one answer only: the rate from the wait's start",
			err:  &apidiag.JobProgress{Err: ranOut("create", 10*time.Second), FirstAt: 9 * time.Second, FirstPercent: 12, LastAt: 9 * time.Second, Percent: 12, Waited: 10 * time.Second},
			want: []string{"needs about 1m15s", "create = \"80s\""}},
		{name: "a resumed job moving from 50 to 60 % in 10 minutes",
			err: &apidiag.JobProgress{Err: ranOut("update", 20*time.Minute), FirstAt: 0, FirstPercent: 50,
				LastAt: 10 * time.Minute, Percent: 60, Waited: 20 * time.Minute},
			want: []string{"needs about 50m0s", "at least `timeouts { update = \"50m\" }`"}},
		{name: "hours",
			err:  &apidiag.JobProgress{Err: ranOut("create", time.Hour), FirstAt: 0, FirstPercent: 0, LastAt: time.Hour, Percent: 45, Waited: time.Hour},
			want: []string{"create = \"2h20m\""}},
		{name: "no progress seen: the doubling",
			err:  ranOut("create", 10*time.Second),
			want: []string{"for example `timeouts { create = \"20s\" }`"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			detail := apidiag.Settings{}.Detail(c.err)
			for _, want := range c.want {
				if !strings.Contains(detail, want) {
					t.Errorf("detail lacks %q:\n%s", want, detail)
				}
			}
			for _, not := range c.not {
				if strings.Contains(detail, not) {
					t.Errorf("detail holds %q:\n%s", not, detail)
				}
			}
		})
	}
}
