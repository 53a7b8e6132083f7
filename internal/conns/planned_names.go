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

// nameUse lists who wants and who keeps a name, each described by the
// resource itself (the provider is never told resource addresses).
type nameUse struct {
	wanting, holding []string
}

// Add records one resource's planned name. wants is true when the resource
// takes the name in this plan (a new image or a rename), false when it only
// keeps it; who describes the resource. It reports a conflict, with the
// description of the other resource: another resource of the plan wants the
// name, or this one wants a name another keeps or wants.
func (p *PlannedNames) Add(region, name string, wants bool, who string) (other string, conflict bool) {
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
	others := use.wanting
	if wants {
		others = append(append([]string(nil), use.wanting...), use.holding...)
		use.wanting = append(use.wanting, who)
	} else {
		use.holding = append(use.holding, who)
	}
	if len(others) == 0 {
		return "", false
	}
	return others[0], true
}
