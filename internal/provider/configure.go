package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// Environment variables read when the provider block leaves a value out.
const (
	envToken         = "DIDIYUN_TOKEN"
	envTokenFallback = "DIDIYUN_ACCESS_TOKEN"
	envRegion        = "DIDIYUN_REGION"
	envEndpoint      = "DIDIYUN_ENDPOINT"
)

func (p *didiyunProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value that depends on another resource is unknown during plan. Leave
	// the provider unconfigured: resources then say so if they need the API.
	if config.Token.IsUnknown() || config.Region.IsUnknown() || config.Endpoint.IsUnknown() ||
		config.MaxRetries.IsUnknown() || config.RequestTimeout.IsUnknown() {
		tflog.Debug(ctx, "provider configuration has unknown values; configuring later")
		return
	}

	token := firstSet(config.Token, os.Getenv(envToken), os.Getenv(envTokenFallback))
	region := firstSet(config.Region, os.Getenv(envRegion))
	endpoint := firstSet(config.Endpoint, os.Getenv(envEndpoint), didiyun.DefaultEndpoint)

	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Missing DiDi Cloud API Token",
			fmt.Sprintf("The provider needs an API token. Set `token` in the provider block or the %s environment "+
				"variable (%s is read when %s is unset). Tokens are issued in the DiDi Cloud console under API TOKEN.",
				envToken, envTokenFallback, envToken))
	}
	if region == "" {
		resp.Diagnostics.AddAttributeError(path.Root("region"), "Missing DiDi Cloud Region",
			fmt.Sprintf("The provider needs a default region such as `gz` or `bj`. Set `region` in the provider block "+
				"or the %s environment variable.", envRegion))
	}
	if _, err := didiyun.ParseEndpoint(endpoint); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid DiDi Cloud Endpoint",
			fmt.Sprintf("%s (from the provider block or %s).", err, envEndpoint))
	}
	if resp.Diagnostics.HasError() {
		return
	}

	opts := didiyun.Options{
		Endpoint:   endpoint,
		Token:      token,
		UserAgent:  fmt.Sprintf("terraform-provider-didiyun/%s Terraform/%s", p.version, req.TerraformVersion),
		MaxRetries: didiyun.DefaultMaxRetries,
		Logger:     newTFLogger(token),
	}
	if !config.MaxRetries.IsNull() {
		opts.MaxRetries = int(config.MaxRetries.ValueInt64())
	}
	if !config.RequestTimeout.IsNull() {
		// The validator has already accepted the value.
		opts.RequestTimeout, _ = time.ParseDuration(config.RequestTimeout.ValueString())
	}
	if p.tuneClient != nil {
		p.tuneClient(&opts)
	}

	client, err := didiyun.New(opts)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create DiDi Cloud API Client", err.Error())
		return
	}
	meta := &conns.Meta{Client: client, Region: region}
	resp.ResourceData = meta
	resp.DataSourceData = meta
	tflog.Debug(ctx, "configured DiDi Cloud client", map[string]any{"endpoint": client.Endpoint(), "region": region})
}

// firstSet returns the configured value, else the first non-empty fallback.
func firstSet(configured types.String, fallbacks ...string) string {
	if !configured.IsNull() && configured.ValueString() != "" {
		return configured.ValueString()
	}
	for _, value := range fallbacks {
		if value != "" {
			return value
		}
	}
	return ""
}
