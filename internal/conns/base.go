package conns

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ResourceBase is embedded by every resource: its Configure keeps the Meta,
// which stays nil until the provider is configured.
type ResourceBase struct {
	Meta *Meta
}

// Configure keeps the provider's Meta.
func (b *ResourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.Meta = configure(req.ProviderData, &resp.Diagnostics)
}

// DataSourceBase is ResourceBase for data sources.
type DataSourceBase struct {
	Meta *Meta
}

// Configure keeps the provider's Meta.
func (b *DataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.Meta = configure(req.ProviderData, &resp.Diagnostics)
}

func configure(providerData any, diags *diag.Diagnostics) *Meta {
	meta, err := FromProviderData(providerData)
	if err != nil {
		diags.AddError("Unexpected Configure Type", err.Error())
	}
	return meta
}
