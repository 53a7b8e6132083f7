package apidiag

import (
	"context"
	"fmt"
	"time"
)

// OperationDeadline is the cause a resource gives its operation's context:
// the entry of the `timeouts` block that bounds it, so that running out of
// time names the entry to raise.
type OperationDeadline struct {
	Entry string // create, update or delete
	Limit time.Duration
}

func (d *OperationDeadline) Error() string {
	return fmt.Sprintf("the %s timeout (%s) ran out", d.Entry, d.Limit)
}

// Unwrap keeps it a context.DeadlineExceeded for errors.Is and Classify.
func (d *OperationDeadline) Unwrap() error { return context.DeadlineExceeded }
