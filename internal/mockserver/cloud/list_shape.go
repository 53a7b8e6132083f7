package cloud

import (
	"fmt"
	"slices"
)

// ListShape selects how ListCIMG wraps its images, because the docs disagree:
// the table says an array, the example shows {"count","items"}.
type ListShape string

// The shapes ListCIMG can answer with.
const (
	ListShapeObject ListShape = "object" // {"count": N, "items": [...]}, like the official example
	ListShapeArray  ListShape = "array"  // a plain array, like the doc's table
	// ListShapeAlternate answers object, array, object, ... switching on
	// every ListCIMG request that lists, so one paging loop meets both.
	ListShapeAlternate ListShape = "alternate"
)

var listShapes = []ListShape{ListShapeObject, ListShapeArray, ListShapeAlternate}

// Validate rejects an unknown shape; the flag, the admin API and the setter
// share it.
func (shape ListShape) Validate() error {
	if slices.Contains(listShapes, shape) {
		return nil
	}
	return fmt.Errorf("unknown list shape %q (want one of %v)", shape, listShapes)
}

// PageShape is the shape of the page being answered; with the alternate
// shape it also flips the shape of the next one.
func (a *Account) PageShape() ListShape {
	c := a.c
	if c.settings.ListShape != ListShapeAlternate {
		return c.settings.ListShape
	}
	shape := ListShapeObject
	if c.arrayNext {
		shape = ListShapeArray
	}
	c.arrayNext = !c.arrayNext
	return shape
}
