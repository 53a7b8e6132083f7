package cloud

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/store"
)

// DefaultJobRetention is how long a finished job stays for JobResult when
// Config.JobRetention is zero. Pruning keeps a long-running mock's memory
// flat: only the jobs of the last hour are kept, however many ran before.
const DefaultJobRetention = time.Hour

// Config is what the cloud is made with; it does not change afterwards.
type Config struct {
	// Accounts are the tokens' AccountIDs, the default account first.
	Accounts      []string
	DefaultRegion string
	// JobRetention is how long JobResult still knows a finished job;
	// negative keeps them forever.
	JobRetention time.Duration
	// Seed seeds job durations with a spread.
	Seed int64
	Now  func() time.Time
	// Settings are what the cloud starts with and Reset restores.
	Settings Settings
	// StateFile, when set, keeps the accounts in this bbolt file.
	StateFile string
	// OnWriteError, when set, hears of every write to the state file that
	// failed (the first one sticks: every later write fails the same way).
	OnWriteError func(error)
}

// Cloud is every account and the settings they play by. One mutex guards
// it all; jobs move with the clock whenever an account is touched, so no
// goroutine or timer runs.
type Cloud struct {
	cfg     Config
	regions []Region
	store   *store.Store // nil without a state file
	created bool         // the state file was new

	mu           sync.Mutex
	accounts     map[string]*Account // by AccountID: the tokens' and any the state file holds
	replaced     bool                // Reset replaced every account: the state file starts over
	settings     Settings
	arrayNext    bool                  // with ListShapeAlternate: the next page is an array
	outcomes     map[string]JobOutcome // by job type; "" applies to all
	durationRng  *rand.Rand
	detection    detection
	churnDeleted int
}

// Open makes the cloud from the seed data and, with Config.StateFile, loads
// the file over it, the accounts the file holds winning, and writes the seed
// of the accounts it did not know. Every error names the file.
func Open(cfg Config) (*Cloud, error) {
	c := &Cloud{cfg: cfg, regions: seedRegions()}
	c.reset()
	if cfg.StateFile == "" {
		return c, nil
	}
	st, live, created, err := store.Open(cfg.StateFile)
	if err != nil {
		return nil, err
	}
	accounts, err := decodeAccounts(c, live)
	if err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("state file %s: %w", cfg.StateFile, err)
	}
	c.store, c.created, c.replaced = st, created, false // the file is kept, not started over
	for id, a := range accounts {
		c.accounts[id] = a
	}
	if err := c.wait(c.commitLocked()); err != nil {
		_ = st.Close()
		return nil, err
	}
	return c, nil
}

// Close writes what is pending to the state file and releases it; without
// one it does nothing. Changes after Close fail with store.ErrClosed.
func (c *Cloud) Close() error {
	if c.store == nil {
		return nil
	}
	return c.store.Close()
}

// reset restores every configured account from the seed, and the settings.
// Callers hold c.mu (or own c).
func (c *Cloud) reset() {
	c.accounts = make(map[string]*Account, len(c.cfg.Accounts))
	for _, id := range c.cfg.Accounts {
		c.accounts[id] = c.seedAccount(id)
	}
	c.replaced = true
	c.settings = c.cfg.Settings
	c.arrayNext = false
	c.outcomes = map[string]JobOutcome{}
	c.durationRng = newDurationRand(c.cfg.Seed)
	c.detection = detection{}
	c.churnDeleted = 0
}

// Reset puts every configured account back to the seed (accounts only the
// state file knew are dropped), the settings to Config's and the job
// outcomes, detection and churn count to none.
func (c *Cloud) Reset() error {
	c.mu.Lock()
	c.reset()
	seq := c.commitLocked()
	c.mu.Unlock()
	return c.wait(seq)
}

// ResetAccount puts one account back to the seed; false when there is none.
func (c *Cloud) ResetAccount(id string) (bool, error) {
	c.mu.Lock()
	_, ok := c.accounts[id]
	if ok {
		c.accounts[id] = c.seedAccount(id)
	}
	seq := c.commitLocked()
	c.mu.Unlock()
	return ok, c.wait(seq)
}

// Update runs f on an account with the lock held and its jobs brought up
// to the clock, then returns once what f changed, and anything it saw, is
// in the state file. It returns false, without running f, when there is no
// such account.
func (c *Cloud) Update(id string, f func(a *Account)) (bool, error) {
	c.mu.Lock()
	a, ok := c.accounts[id]
	if ok {
		a.advanceJobs()
		f(a)
	}
	seq := c.commitLocked()
	c.mu.Unlock()
	return ok, c.wait(seq)
}

// AccountIDs lists the accounts: the configured ones in order, then any
// only the state file knows, sorted.
func (c *Cloud) AccountIDs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var others []string
	for id := range c.accounts {
		if !slices.Contains(c.cfg.Accounts, id) {
			others = append(others, id)
		}
	}
	slices.Sort(others)
	return append(slices.Clone(c.cfg.Accounts), others...)
}

// HasAccount says whether the cloud holds an account.
func (c *Cloud) HasAccount(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.accounts[id]
	return ok
}

// Regions returns the regions, the same for every account.
func (c *Cloud) Regions() []Region {
	out := make([]Region, len(c.regions))
	for i, r := range c.regions {
		r.Zone = slices.Clone(r.Zone)
		out[i] = r
	}
	return out
}

// Region finds a region by id; regions never change, so no lock is needed.
func (c *Cloud) Region(id string) (Region, bool) {
	for _, r := range c.regions {
		if r.ID == id {
			return r, true
		}
	}
	return Region{}, false
}

// DefaultRegion is where a request that names no region goes.
func (c *Cloud) DefaultRegion() string { return c.cfg.DefaultRegion }

// ChurnDeleted returns how many images list churn has deleted.
func (c *Cloud) ChurnDeleted() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.churnDeleted
}

// StateFile says what opening the state file found: whether it was new, or
// how many accounts, images and running jobs it held. ok is false without
// a state file.
func (c *Cloud) StateFile() (created bool, accounts, images, running int, ok bool) {
	if c.store == nil {
		return false, 0, 0, 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, a := range c.accounts {
		images += len(a.images)
		running += len(a.running)
	}
	return c.created, len(c.accounts), images, running, true
}

// FailWrites makes every later write to the state file fail with err, as
// a full disk would; for tests.
func (c *Cloud) FailWrites(err error) { c.store.FailWrites(err) }
