// Package conns carries what the provider's Configure hands to resources and
// data sources: the API client and the defaults of the provider block.
package conns

import (
	"fmt"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// Meta is the provider data of a configured provider.
type Meta struct {
	Client *didiyun.Client
	// Region is the provider block's default region.
	Region string
	// Names are the image names this plan's resources want.
	Names PlannedNames
	// Settings name the token's source, the endpoint and the limits in use, for hints.
	Settings apidiag.Settings
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
