package cloud

// changeSet names what changed in an account since the state file last
// heard of it. Whatever changes an image or a job marks it here; at the end
// of each request the marked records are written out whole (or deleted).
type changeSet struct {
	all    bool // the account was replaced: clear it in the file, write it all
	images map[string]struct{}
	jobs   map[string]struct{}
}

func newChangeSet() changeSet {
	return changeSet{images: map[string]struct{}{}, jobs: map[string]struct{}{}}
}

func (c *changeSet) image(uuid string) { c.images[uuid] = struct{}{} }
func (c *changeSet) job(uuid string)   { c.jobs[uuid] = struct{}{} }

func (c *changeSet) empty() bool { return !c.all && len(c.images) == 0 && len(c.jobs) == 0 }

// reset empties the set once the state file has its changes.
func (c *changeSet) reset() {
	c.all = false
	clear(c.images)
	clear(c.jobs)
}
