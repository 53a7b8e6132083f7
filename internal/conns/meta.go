// Package conns carries what the provider's Configure hands to resources and
// data sources: the API client and the defaults of the provider block.
package conns

import (
	"fmt"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/jobs"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/regionview"
	"github.com/didiyun/terraform-provider-didiyun/internal/planned"
)

// Meta is the provider data of a configured provider.
type Meta struct {
	// Client is the typed API; Images, Jobs and Owners are built on it.
	Client *didiyun.Client
	// Images shares listings and names lookups of regions.
	Images *regionview.View
	// Jobs waits for jobs through JobResult.
	Jobs *jobs.Waiter
	// Owners decides which image is a resource's own (name claims, creates).
	Owners *ownership.Guard
	// Region is the provider block's default region.
	Region string
	// Names are the image names this plan's resources want.
	Names planned.Names
	// StateImages are the images Terraform handed over from state.
	StateImages *planned.StateImages
	// Settings name the token's source, the endpoint and the limits in use, for hints.
	Settings apidiag.Settings
}

// Options configure the parts of a Meta.
type Options struct {
	API    didiyun.Options
	Jobs   jobs.Options
	Images regionview.Options
}

// NewClients builds the API client and what is built on it.
func NewClients(opts Options) (*Meta, error) {
	api, err := didiyun.New(opts.API)
	if err != nil {
		return nil, err
	}
	images := regionview.New(api, opts.Images)
	waiter := jobs.New(api, opts.Jobs)
	return &Meta{Client: api, Images: images, Jobs: waiter, Owners: ownership.New(api, images, waiter)}, nil
}

// FromProviderData returns the Meta handed to a resource's Configure, nil
// when the provider is not configured yet (validation runs before Configure).
func FromProviderData(data any) (*Meta, error) {
	if data == nil {
		return nil, nil
	}
	meta, ok := data.(*Meta)
	if !ok {
		return nil, fmt.Errorf("expected *conns.Meta, got %T: this is a bug in the provider, please report it", data)
	}
	return meta, nil
}
