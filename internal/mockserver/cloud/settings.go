package cloud

// Settings returns the settings in force.
func (c *Cloud) Settings() Settings {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.settings
}

// Configure changes the settings with f, under the lock.
func (c *Cloud) Configure(f func(*Settings)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.settings)
}

// SetListShape sets the list shape; an alternating shape starts again with
// the object shape.
func (c *Cloud) SetListShape(shape ListShape) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.settings.ListShape = shape
	c.arrayNext = false
}

// SetJobOutcome decides how new jobs of jobType end ("" for every type
// without a rule of its own). The zero JobOutcome restores normal success
// for jobType; for "" it clears the outcomes of every type.
func (c *Cloud) SetJobOutcome(jobType string, o JobOutcome) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case o == (JobOutcome{}) && jobType == "":
		clear(c.outcomes) // "" is every type: clear them all
	case o == (JobOutcome{}):
		delete(c.outcomes, jobType)
	default:
		c.outcomes[jobType] = o
	}
}

// Settings returns the settings in force; the account's callers hold the
// lock already.
func (a *Account) Settings() Settings { return a.c.settings }

// DefaultMaxPageSize caps ListCIMG's limit unless a setting says otherwise.
const DefaultMaxPageSize = 100

// PageSize is the page cap n asks for: DefaultMaxPageSize when n <= 0.
func PageSize(n int) int {
	if n <= 0 {
		return DefaultMaxPageSize
	}
	return n
}
