// Package mockserver is a stateful, in-memory mock of the DiDi Cloud
// (didiyun) OpenAPI: custom images (CIMG), async jobs, regions and zones.
//
// It speaks the wire format of the official docs (the errno envelope, Bearer
// auth, JSON bodies for POST and query strings for GET), keeps images and jobs
// in memory, advances jobs lazily from an injectable clock, and can inject
// faults (HTTP 500/429, errno answers, a transient errno 41026, latency,
// requests lost before or answers dropped after their effect, truncated or
// null bodies, oversize pages) reproducibly from a seed.
//
// Where the docs leave the server's behaviour open, it can play each reading:
// a small page cap, both ListCIMG shapes in turn, names matched by substring
// or prefix, another user deleting images between pages, and a delete that
// cancels a running job or is refused.
//
// Use it in-process with New or NewTestServer, or run it alone with the
// command in cmd/didiyun-mock. Tests and tools can observe and steer it through
// the Go methods on *Server or through the unauthenticated HTTP admin API
// under /_mock/.
package mockserver
