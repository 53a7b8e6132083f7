// Package fakeclock is a clock that moves only when a test says so, so the
// mock's jobs can be stepped through without sleeping.
package fakeclock

import (
	"sync"
	"time"
)

// Clock is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New starts a clock at a fixed date.
func New() *Clock {
	return &Clock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
}

// Now is the clock's time; pass it as mockserver.Options.Now.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
