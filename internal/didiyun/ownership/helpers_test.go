package ownership_test

import (
	"context"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/didiyuntest"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/regionview"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// env is the mock behind a front door, and the ownership rules over a
// client for it with short waits.
type env struct {
	t *testing.T
	*didiyuntest.FrontDoor
	Client *didiyun.Client
	Jobs   *jobs.Waiter
	Owners *ownership.Guard
}

// setup changes the defaults of newEnv; its zero value changes nothing.
type setup struct {
	mock   func(*mockserver.Options)
	client func(*didiyun.Options)
	images regionview.Options
}

func maxRetries(n int) func(*didiyun.Options) {
	return func(o *didiyun.Options) { o.MaxRetries = n }
}

func newEnv(t *testing.T, s setup) *env {
	t.Helper()
	e := &env{t: t, FrontDoor: didiyuntest.NewFrontDoor(t, s.mock)}
	e.Client = e.NewClient(s.client)
	e.Jobs = jobs.New(e.Client, jobs.Options{Floor: 20 * time.Millisecond, Ceiling: 500 * time.Millisecond})
	e.Owners = ownership.New(e.Client, regionview.New(e.Client, s.images), e.Jobs)
	return e
}

func (e *env) ctx() context.Context { return didiyuntest.Ctx(e.t) }

// importOnce sends ImportCIMG of name through the ownership rules.
func (e *env) importOnce(ctx context.Context, name string) (didiyun.Job, error) {
	return e.importFrom(ctx, name, mockserver.SeedImageBJ)
}

// importFrom sends ImportCIMG of name, copied from origin in bj, through
// the ownership rules.
func (e *env) importFrom(ctx context.Context, name, origin string) (didiyun.Job, error) {
	in := didiyun.ImportCIMGInput{Name: name, OriginImageUUID: origin, OriginRegionID: "bj"}
	return e.Owners.CreateOnce(ctx, ownership.Create{RegionID: "gz", Name: name, JobType: "ImportCIMG",
		Send: func(ctx context.Context) (didiyun.Job, error) { return e.Client.ImportCIMG(ctx, "gz", in) }})
}

// createOnce sends CreateCIMG of name through the ownership rules.
func (e *env) createOnce(ctx context.Context, name string) (didiyun.Job, error) {
	in := didiyun.CreateCIMGInput{Name: name, SnapUUID: mockserver.SeedSnapshotGZ}
	return e.Owners.CreateOnce(ctx, ownership.Create{RegionID: "gz", Name: name, JobType: "CreateCIMG",
		Send: func(ctx context.Context) (didiyun.Job, error) { return e.Client.CreateCIMG(ctx, "gz", in) }})
}
