package cloud

import (
	"errors"
	"fmt"
	"strings"
)

// ListChurn plays another user of the account deleting their images while a
// client pages through ListCIMG. Paging is by offset, so each image deleted
// before the offset moves every later one up a place, and one image falls
// between the two pages of a naive client.
type ListChurn struct {
	// NamePrefix picks the other user's images by name. It is required while
	// PerPage > 0: an empty prefix would delete the client's own images too.
	NamePrefix string
	// PerPage is how many of those images at most go before each page whose
	// start is past 0; zero turns churn off.
	PerPage int
}

// Validate rejects churn that cannot be meant; the flag, the admin API and
// the setter share it.
func (c ListChurn) Validate() error {
	switch {
	case c.PerPage < 0:
		return fmt.Errorf("list churn per page %d is negative", c.PerPage)
	case c.PerPage > 0 && c.NamePrefix == "":
		return errors.New("list churn needs a name prefix: an empty one would delete every image, the client's own too")
	}
	return nil
}

// Churn deletes at once, oldest first, up to PerPage of the other user's
// images in a region of the account, before ListCIMG computes a page past
// the first.
func (a *Account) Churn(regionID string) {
	churn := a.c.settings.ListChurn
	if churn.PerPage <= 0 {
		return
	}
	others := a.Images(func(rec *Record) bool {
		return rec.img.InRegion(regionID) && strings.HasPrefix(rec.img.Name, churn.NamePrefix)
	})
	for _, rec := range others[:min(len(others), churn.PerPage)] {
		a.removeImage(rec.img.CIMGUUID) // as DeleteImage: a job still running on it will fail
		a.c.churnDeleted++
	}
}
