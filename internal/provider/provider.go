// Package provider defines the didiyun provider: its block, its
// configuration and the list of resources and data sources it serves.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/planned"
	"github.com/didiyun/terraform-provider-didiyun/internal/service/cimg"
	"github.com/didiyun/terraform-provider-didiyun/internal/service/region"
	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

// RegistryAddress is where the provider is published; examples and docs use it.
const RegistryAddress = "registry.terraform.io/didiyun/didiyun"

var (
	_ provider.Provider                  = (*didiyunProvider)(nil)
	_ provider.ProviderWithListResources = (*didiyunProvider)(nil)
)

type didiyunProvider struct {
	version string
	// tuneClient lets tests shorten retry waits and poll intervals.
	tuneClient func(*conns.Options)
	// stateImages are the images Terraform handed over from state (server.go).
	stateImages *planned.StateImages
}

type providerModel struct {
	Token          types.String `tfsdk:"token"`
	Region         types.String `tfsdk:"region"`
	Endpoint       types.String `tfsdk:"endpoint"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

func (p *didiyunProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "didiyun"
	resp.Version = p.version
}

func (p *didiyunProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The DiDi Cloud (didiyun) provider manages custom machine images through the DiDi Cloud OpenAPI.",
		Attributes: map[string]schema.Attribute{
			"token": schema.StringAttribute{
				MarkdownDescription: "API token, sent as `Authorization: Bearer <token>`. Can also be set with the `" +
					envToken + "` environment variable (`" + envTokenFallback + "` is read when that is unset). " +
					"White space around it, such as the trailing newline of a file, is removed. The provider checks it " +
					"with one request for the region list when it is configured.",
				Optional:  true,
				Sensitive: true,
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Default region for resources that do not set `region_id`, for example `gz` or `bj`. " +
					"Can also be set with the `" + envRegion + "` environment variable, which is checked the same way: " +
					"a lowercase region id that DiDi Cloud offers.",
				Optional:   true,
				Validators: []validator.String{validate.RegionID()},
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the API. Defaults to `" + didiyun.DefaultEndpoint + "`; point it at the " +
					"mock server to test locally. Can also be set with the `" + envEndpoint + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{validate.HTTPURL()},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a failed request that is safe to repeat is retried (throttling, " +
					"server errors, broken connections). Defaults to `5`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 50)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Time limit of one HTTP request, as a Go duration such as `30s` or `2m`. Defaults to `60s`. " +
					"Long operations are bounded by each resource's `timeouts` block instead.",
				Optional:   true,
				Validators: []validator.String{validate.Duration()},
			},
		},
	}
}

func (p *didiyunProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		cimg.NewCIMGResource,
		cimg.NewImportResource,
	}
}

// ListResources are what `terraform query` lists (Terraform 1.14+).
func (p *didiyunProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		cimg.NewCIMGList,
		cimg.NewImportList,
	}
}

func (p *didiyunProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		cimg.NewImageDataSource,
		cimg.NewImagesDataSource,
		region.NewRegionsDataSource,
	}
}
