package cloud

import (
	"fmt"
	"slices"
	"strings"
)

// NamesMatch is how ListCIMG matches condition.names, "the set of names to
// match" (名称匹配集合): the docs leave open whether exactly, by prefix or
// by substring, so a client must filter the answer again either way.
type NamesMatch string

// The readings of condition.names the mock can play.
const (
	NamesMatchExact     NamesMatch = "exact"     // the name equals one of the names
	NamesMatchSubstring NamesMatch = "substring" // the name contains one of the names
	NamesMatchPrefix    NamesMatch = "prefix"    // the name starts with one of the names
)

var namesMatches = []NamesMatch{NamesMatchExact, NamesMatchSubstring, NamesMatchPrefix}

// Validate rejects an unknown reading; the flag, the admin API and the setter
// share it.
func (m NamesMatch) Validate() error {
	if slices.Contains(namesMatches, m) {
		return nil
	}
	return fmt.Errorf("unknown names match %q (want one of %v)", m, namesMatches)
}

// Matches reports whether name matches any of names.
func (m NamesMatch) Matches(name string, names []string) bool {
	match := func(given string) bool { return name == given }
	switch m {
	case NamesMatchSubstring:
		match = func(given string) bool { return strings.Contains(name, given) }
	case NamesMatchPrefix:
		match = func(given string) bool { return strings.HasPrefix(name, given) }
	}
	return slices.ContainsFunc(names, match)
}
