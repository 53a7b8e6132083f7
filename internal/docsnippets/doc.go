// Package docsnippets holds the test that runs every shell snippet of
// README.md and the mock's manual (internal/mockserver/README.md) as written,
// against the built provider and mock, so the docs cannot drift from what
// works. It has no code of its own.
package docsnippets
