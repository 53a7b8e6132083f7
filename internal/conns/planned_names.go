package conns

import "sync"

// PlannedNames records the names that the image resources of one plan (one
// configured provider) want per region, so that two resources asking for
// one name fail at plan time instead of racing at apply.
type PlannedNames struct {
	mu     sync.Mutex
	byName map[plannedName]*nameUse
}

type plannedName struct{ region, name string }

type nameUse struct {
	wanting, holding int
}

// Add records one resource's planned name. wants is true when the resource
// takes the name in this plan (a new image or a rename), false when it only
// keeps it. It reports a conflict: another resource of the plan wants the
// name, or this one wants a name another keeps or wants.
func (p *PlannedNames) Add(region, name string, wants bool) (conflict bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byName == nil {
		p.byName = map[plannedName]*nameUse{}
	}
	key := plannedName{region, name}
	use, ok := p.byName[key]
	if !ok {
		use = &nameUse{}
		p.byName[key] = use
	}
	if wants {
		conflict = use.wanting+use.holding > 0
		use.wanting++
	} else {
		conflict = use.wanting > 0
		use.holding++
	}
	return conflict
}
