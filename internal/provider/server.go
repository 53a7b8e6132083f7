package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/planned"
)

// NewServer returns a factory for the provider's protocol 6 server.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return NewTunedServer(version, nil)
}

// NewTunedServer is NewServer with a hook that adjusts the API client's
// options after the provider block is read; acceptance tests use it for
// short waits.
func NewTunedServer(version string, tune func(*conns.Options)) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := &didiyunProvider{version: version, tuneClient: tune, stateImages: &planned.StateImages{}}
		framework := providerserver.NewProtocol6(p)().(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // tf6server still finds list resources through it
		return &stateNotingServer{ProviderServerWithListResource: framework, images: p.stateImages}
	}
}

// stateNotingServer is the framework's server, noting each image Terraform
// hands over from state. The framework passes UpgradeResourceState through
// without calling resource code when the schema version is unchanged.
type stateNotingServer struct {
	tfprotov6.ProviderServerWithListResource
	images *planned.StateImages
}

func (s *stateNotingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if req.RawState != nil && len(req.RawState.JSON) > 0 {
		var image struct {
			ID       string `json:"id"`
			RegionID string `json:"region_id"`
		}
		// Only the image resources have both; anything else adds nothing.
		if json.Unmarshal(req.RawState.JSON, &image) == nil && image.RegionID != "" {
			s.images.Add(image.RegionID, image.ID)
		}
	}
	return s.ProviderServerWithListResource.UpgradeResourceState(ctx, req)
}
