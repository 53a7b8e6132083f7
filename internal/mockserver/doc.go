// Package mockserver is a stateful mock of the DiDi Cloud (didiyun) OpenAPI:
// custom images (CIMG), async jobs, regions and zones.
//
// It speaks the wire format of the official docs (the errno envelope, Bearer
// auth, JSON bodies for POST and query strings for GET), advances jobs
// lazily from an injectable clock, and can inject faults (HTTP 500/429,
// errno answers, a transient errno 41026, latency, requests lost before or
// answers dropped after their effect, truncated or null bodies, oversize
// pages) reproducibly from a seed.
//
// Each token is an account with its own images, jobs and snapshots, each
// starting from the seed data; no token sees or touches another's. The
// cloud lives in memory, or, with Options.StateFile, in a file that every
// change reaches (synced) before it is answered, so it survives restarts and
// kill -9. Options.Journal records one JSON line per API request.
//
// Where the docs leave the server's behaviour open, it can play each reading:
// a small page cap, both ListCIMG shapes in turn, names matched by substring
// or prefix, another user deleting images between pages, a delete that
// cancels a running job or is refused, any status (Ready included) on an
// image while its copy runs, copies that fail by name beside ones that
// succeed, and a create's answer without resourceUuid.
//
// Use it in-process with New, Open or NewTestServer, or run it alone with
// the command in cmd/didiyun-mock (README.md is its manual). Tests and tools
// can observe and steer it through the Go methods on *Server and *Account or
// through the unauthenticated HTTP admin API under /_mock/.
//
// This package wires the parts, each a package of its own; imports point
// one way, from the HTTP side to the state:
//
//	openapi  the DiDi OpenAPI: envelope, request parsing, one file per API group
//	admin    fault injection and the admin HTTP API (settings, drift, resets)
//	cloud    the state machine: accounts, images, jobs, regions, seed, and the
//	         Options (settings) it plays by, declared there once; no HTTP
//	store    the state file on bbolt: ordered batches, one sync per group
package mockserver
