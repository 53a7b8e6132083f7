// Package planned is what the provider learns of a plan while Terraform
// plans it: the image names its resources want (Names), and the images
// Terraform hands over from state (StateImages). Plan-time checks read it;
// nothing in it calls the API.
package planned

import "sync"

// Names records the names that the image resources of one plan (one
// configured provider) want per region, so that two resources asking for
// one name fail at plan time instead of racing at apply.
type Names struct {
	mu     sync.Mutex
	byName map[plannedName][]NameUse
}

type plannedName struct{ region, name string }

// NameUse is one resource's use of a name in a plan.
type NameUse struct {
	Region, Name string
	// Wants is true when the resource takes the name in this plan (a new
	// image or a rename), false when it only keeps it.
	Wants bool
	// Who describes the resource for another's diagnostic (the provider is
	// never told resource addresses).
	Who string
	// Image is the image the resource holds, "" for a new one.
	Image string
	// Replaces is the image a replacement's new image replaces: Terraform
	// planned that resource once already with its old image, and that use
	// is no conflict.
	Replaces string
}

// Add records use and reports a conflict, with the description of the other
// resource: another resource of the plan wants the name, or use wants a name
// another keeps or wants.
func (p *Names) Add(use NameUse) (other string, conflict bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byName == nil {
		p.byName = map[plannedName][]NameUse{}
	}
	key := plannedName{use.Region, use.Name}
	uses := p.byName[key]
	p.byName[key] = append(uses, use)
	for _, earlier := range uses {
		if use.Replaces != "" && earlier.Image == use.Replaces {
			continue // the same resource, planned before with its old image
		}
		if use.Wants || earlier.Wants {
			return earlier.Who, true
		}
	}
	return "", false
}
