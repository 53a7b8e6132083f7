package mockserver

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
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
	// Endpoint is one of the Endpoint* names; "" matches every API endpoint.
	Endpoint string
	Kind     FaultKind
	// Probability is the chance, 0 to 1, that the rule hits a matching
	// request: 0 never, 1 always.
	Probability float64
	// Errno is sent by FaultErrno; ErrnoServerError when zero.
	Errno int
	// Latency is the delay FaultLatency adds.
	Latency time.Duration
	// RetryAfter is sent by FaultHTTP429, rounded up to whole seconds, at
	// least 1; one second when zero.
	RetryAfter time.Duration
}

// faultPlan is what the rolls decided for one request.
type faultPlan struct {
	latency time.Duration
	hit     *FaultRule // the first non-latency rule that hit, if any
	kinds   []string   // every kind that hit, in order, for the request log
}

func (p faultPlan) is(kind FaultKind) bool { return p.hit != nil && p.hit.Kind == kind }

func (p faultPlan) label() string { return strings.Join(p.kinds, ",") }

// rollFaults rolls each matching rule once, in order, and stops at the first
// non-latency hit. Callers hold s.mu, which also guards the random source.
func (s *Server) rollFaults(endpoint string) faultPlan {
	var plan faultPlan
	for i := range s.faults {
		rule := &s.faults[i]
		if rule.Endpoint != "" && rule.Endpoint != endpoint {
			continue
		}
		if rule.Kind == FaultOversizePage && endpoint != EndpointListCIMG {
			continue
		}
		if s.rng.Float64() >= rule.Probability {
			continue
		}
		s.faultCounts[string(rule.Kind)]++
		plan.kinds = append(plan.kinds, string(rule.Kind))
		if rule.Kind == FaultLatency {
			plan.latency += rule.Latency
			continue
		}
		hit := *rule
		plan.hit = &hit
		break
	}
	return plan
}

func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x6d6f636b)) //nolint:gosec // G115: only the seed bits matter. 0x6d6f636b is "mock"
}

// checkRules rejects rules that cannot work, for both SetFaults and the admin
// HTTP API.
func checkRules(rules []FaultRule) error {
	for i, r := range rules {
		if !r.Kind.valid() {
			return fmt.Errorf("rules[%d]: unknown fault kind %q (want one of %v)", i, r.Kind, faultKinds)
		}
		if r.Endpoint != "" && !knownEndpoint(r.Endpoint) {
			return fmt.Errorf("rules[%d]: unknown endpoint %q", i, r.Endpoint)
		}
		if r.Probability < 0 || r.Probability > 1 {
			return fmt.Errorf("rules[%d]: probability %v is outside 0..1", i, r.Probability)
		}
	}
	return nil
}

// retryAfterSeconds is the Retry-After value for a 429 rule.
func retryAfterSeconds(d time.Duration) int {
	if d <= 0 {
		return 1
	}
	return max(1, int((d+time.Second-1)/time.Second))
}

const (
	http500Page = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	http429Page = "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
