// Package admin is the mock's back door: fault injection, and the admin
// HTTP API under /_mock/ that looks at and steers the cloud out of band
// (settings, drift, job outcomes, resets).
package admin

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// FaultKind names a kind of injected fault. The string values are the names
// the admin HTTP API and FaultCounts use.
type FaultKind string

// Fault kinds.
const (
	// FaultHTTP500 answers HTTP 500 with an HTML proxy page; no effect.
	FaultHTTP500 FaultKind = "http500"
	// FaultHTTP429 answers HTTP 429 with Retry-After; no effect.
	FaultHTTP429 FaultKind = "http429"
	// FaultErrno answers HTTP 200 with errno FaultRule.Errno (default 2); no effect.
	FaultErrno FaultKind = "errno"
	// FaultLatency waits FaultRule.Latency before handling, then goes on
	// rolling the next rules.
	FaultLatency FaultKind = "latency"
	// FaultDrop lets the request take effect, then closes the connection
	// without answering.
	FaultDrop FaultKind = "drop"
	// FaultTruncated lets the request take effect, then sends only the first
	// half of the JSON body.
	FaultTruncated FaultKind = "truncated"
	// FaultDataNull answers errno 0 with "data": null; no effect.
	FaultDataNull FaultKind = "datanull"
	// FaultOversizePage makes ListCIMG return more items than limit asked
	// for (up to limit*2+1). Rules of this kind match only ListCIMG.
	FaultOversizePage FaultKind = "oversize"
	// FaultErrno41026 answers HTTP 200 with errno 41026 (查询镜像失败, image
	// query failed); no effect. The docs do not say 41026 means the image
	// is absent, so a server may answer it transiently on any endpoint.
	FaultErrno41026 FaultKind = "errno41026"
	// FaultLost loses the request before it takes effect: the connection is
	// closed without an answer and the handler never runs (unlike drop).
	FaultLost FaultKind = "lost"
)

var faultKinds = []FaultKind{
	FaultHTTP500, FaultHTTP429, FaultErrno, FaultLatency, FaultDrop, FaultTruncated, FaultDataNull, FaultOversizePage,
	FaultErrno41026, FaultLost,
}

func (k FaultKind) valid() bool {
	for _, known := range faultKinds {
		if k == known {
			return true
		}
	}
	return false
}

// FaultRule injects one kind of fault into matching requests.
type FaultRule struct {
	// Endpoint is one of the openapi.Endpoint* names; "" matches every API endpoint.
	Endpoint string
	Kind     FaultKind
	// Probability is the chance, 0 to 1, that the rule hits a matching
	// request: 0 never, 1 always.
	Probability float64
	// Errno is sent by FaultErrno; openapi.ErrnoServerError when zero.
	Errno int
	// Latency is the delay FaultLatency adds.
	Latency time.Duration
	// RetryAfter is sent by FaultHTTP429, rounded up to whole seconds, at
	// least 1; one second when zero.
	RetryAfter time.Duration
}

// Plan is what the rolls decided for one request.
type Plan struct {
	Latency time.Duration
	Hit     *FaultRule // the first non-latency rule that hit, if any
	kinds   []string   // every kind that hit, in order, for the request log
}

// Is says whether the rule that hit is of kind.
func (p Plan) Is(kind FaultKind) bool { return p.Hit != nil && p.Hit.Kind == kind }

// Label names every kind that hit, comma-separated.
func (p Plan) Label() string { return strings.Join(p.kinds, ",") }

// Faults holds the rules, the dice and how often each kind hit. Safe for
// concurrent use.
type Faults struct {
	seed int64

	mu     sync.Mutex
	rules  []FaultRule
	rng    *rand.Rand
	counts map[string]int
}

// NewFaults has no rules and dice seeded with seed.
func NewFaults(seed int64) *Faults {
	f := &Faults{seed: seed}
	f.Reset()
	return f
}

// Reset drops the rules and counts and restarts the dice from the seed.
func (f *Faults) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules, f.rng, f.counts = nil, newRand(f.seed), map[string]int{}
}

// Set replaces the rules, once CheckRules has passed them.
func (f *Faults) Set(rules []FaultRule) error {
	if err := CheckRules(rules); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = slices.Clone(rules)
	return nil
}

// Reseed restarts the dice from seed.
func (f *Faults) Reseed(seed int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rng = newRand(seed)
}

// Counts returns how many faults of each kind were injected.
func (f *Faults) Counts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.counts)
}

// Roll rolls each rule matching endpoint once, in order, and stops at the
// first non-latency hit.
func (f *Faults) Roll(endpoint string) Plan {
	f.mu.Lock()
	defer f.mu.Unlock()
	var plan Plan
	for i := range f.rules {
		rule := &f.rules[i]
		if rule.Endpoint != "" && rule.Endpoint != endpoint {
			continue
		}
		if rule.Kind == FaultOversizePage && endpoint != openapi.EndpointListCIMG {
			continue
		}
		if f.rng.Float64() >= rule.Probability {
			continue
		}
		f.counts[string(rule.Kind)]++
		plan.kinds = append(plan.kinds, string(rule.Kind))
		if rule.Kind == FaultLatency {
			plan.Latency += rule.Latency
			continue
		}
		hit := *rule
		plan.Hit = &hit
		break
	}
	return plan
}

func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x6d6f636b)) //nolint:gosec // G115: only the seed bits matter. 0x6d6f636b is "mock"
}

// CheckRules rejects rules that cannot work, for both SetFaults and the
// admin HTTP API.
func CheckRules(rules []FaultRule) error {
	for i, r := range rules {
		if !r.Kind.valid() {
			return fmt.Errorf("rules[%d]: unknown fault kind %q (want one of %v)", i, r.Kind, faultKinds)
		}
		if r.Endpoint != "" && !openapi.KnownEndpoint(r.Endpoint) {
			return fmt.Errorf("rules[%d]: unknown endpoint %q", i, r.Endpoint)
		}
		if r.Probability < 0 || r.Probability > 1 {
			return fmt.Errorf("rules[%d]: probability %v is outside 0..1", i, r.Probability)
		}
	}
	return nil
}

// RetryAfterSeconds is the Retry-After value for a 429 rule.
func RetryAfterSeconds(d time.Duration) int {
	if d <= 0 {
		return 1
	}
	return max(1, int((d+time.Second-1)/time.Second))
}

// HTTP500Page and HTTP429Page are what a proxy in front of the API sends.
const (
	HTTP500Page = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	HTTP429Page = "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
