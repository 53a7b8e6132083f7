package planned

import "sync"

// StateImages are the images Terraform has handed this provider process as
// objects of resources in state. Terraform hands over every object in state,
// tainted ones included, before it refreshes or plans it (UpgradeResourceState,
// with or without -refresh=false), so a plan that finds a name carried by an
// image not among them knows the image is not the planned resource's own.
type StateImages struct {
	mu   sync.Mutex
	seen map[stateImage]bool
}

type stateImage struct{ region, uuid string }

// Add records an image Terraform handed over.
func (s *StateImages) Add(region, uuid string) {
	if s == nil || uuid == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[stateImage]bool{}
	}
	s.seen[stateImage{region, uuid}] = true
}

// Has reports whether Terraform handed the image over.
func (s *StateImages) Has(region, uuid string) bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[stateImage{region, uuid}]
}

// Reset forgets every image: a provider served for several commands
// (debug mode) is configured again for each, before it is handed its state.
func (s *StateImages) Reset() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = nil
}
