package planned

import "testing"

// Two resources that want one name conflict, and so do one that wants a name
// and one that keeps it; a replacement's new half never conflicts with its
// own first half, which holds the old image.
func TestNamesAdd(t *testing.T) {
	for _, c := range []struct {
		name          string
		first, second NameUse
		wantConflict  bool
	}{
		{"both keep", NameUse{Who: "a", Image: "i1"}, NameUse{Who: "b", Image: "i2"}, false},
		{"one keeps, one wants", NameUse{Who: "a", Image: "i1"}, NameUse{Who: "b", Wants: true}, true},
		{"one wants, one keeps", NameUse{Who: "a", Wants: true}, NameUse{Who: "b", Image: "i2"}, true},
		{"both want", NameUse{Who: "a", Wants: true}, NameUse{Who: "b", Wants: true}, true},
		{"a replacement and its old image", NameUse{Who: "a", Image: "i1"}, NameUse{Who: "a", Wants: true, Replaces: "i1"}, false},
		{"a replacement and another's image", NameUse{Who: "b", Image: "i2"}, NameUse{Who: "a", Wants: true, Replaces: "i1"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var names Names
			for _, use := range []*NameUse{&c.first, &c.second} {
				use.Region, use.Name = "gz", "web"
			}
			if _, conflict := names.Add(c.first); conflict {
				t.Fatal("the first use conflicted")
			}
			other, conflict := names.Add(c.second)
			if conflict != c.wantConflict || (conflict && other != c.first.Who) {
				t.Errorf("conflict %v with %q, want %v with %q", conflict, other, c.wantConflict, c.first.Who)
			}
			if _, conflict := names.Add(NameUse{Region: "bj", Name: "web", Who: "c", Wants: true}); conflict {
				t.Error("a use in another region conflicted")
			}
		})
	}
}
