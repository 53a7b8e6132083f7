package cloud

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// ValidateJobDurationSpread rejects a spread no server could play: below 0 a
// job would be faster than the shortest one asked for, above 1 its duration
// could be negative. The flag, the admin API, the setter and New share it.
func ValidateJobDurationSpread(spread float64) error {
	if math.IsNaN(spread) || spread < 0 || spread > 1 {
		return fmt.Errorf("job duration spread %v is outside 0..1", spread)
	}
	return nil
}

// newDurationRand is the source job durations are drawn from. It is seeded
// from Config.Seed like the fault dice, but is a stream of its own, so
// turning the spread on does not change which requests a fault hits.
func newDurationRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x7370726561)) //nolint:gosec // G115: only the seed bits matter. 0x7370726561 is "sprea"
}

// newJobDuration is how long a job started now takes: the job duration, or,
// with a spread, a draw from duration × [1-spread, 1+spread]. Only a job
// that can vary draws, so the sequence depends on nothing else. Callers hold
// c.mu, which also guards the random source.
func (c *Cloud) newJobDuration() time.Duration {
	d, spread := c.settings.JobDuration, c.settings.JobDurationSpread
	if spread == 0 || d <= 0 {
		return d
	}
	factor := 1 + spread*(2*c.durationRng.Float64()-1)
	return time.Duration(float64(d) * factor)
}
