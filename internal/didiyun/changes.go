package didiyun

import (
	"sync"
	"time"
)

// changes is when this client last changed each region: sent a write there,
// or heard from JobResult that a job of the region ended. Whatever was read
// of a region before that moment may be out of date (see LastChange).
type changes struct {
	mu      sync.Mutex
	at      map[string]time.Time
	written map[string]bool
}

// note records a change to the region; write tells a write this client sent
// from a job it saw end.
func (c *changes) note(regionID string, write bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at == nil {
		c.at, c.written = map[string]time.Time{}, map[string]bool{}
	}
	c.at[regionID] = time.Now()
	c.written[regionID] = c.written[regionID] || write
}

// LastChange is when this client last sent a write to the region or saw a
// job of it end; the zero time when never. A listing that started before it
// may miss what changed.
func (c *Client) LastChange(regionID string) time.Time {
	c.changes.mu.Lock()
	defer c.changes.mu.Unlock()
	return c.changes.at[regionID]
}

// HasWritten reports whether this client has sent a write to the region. A
// plan never writes, so a client that has is applying.
func (c *Client) HasWritten(regionID string) bool {
	c.changes.mu.Lock()
	defer c.changes.mu.Unlock()
	return c.changes.written[regionID]
}
