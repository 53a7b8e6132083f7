package provider

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
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

	token := resolveToken(config.Token)
	region := resolveRegion(config.Region)
	endpoint := resolveEndpoint(config.Endpoint, didiyun.DefaultEndpoint)
	checkToken(&token, &resp.Diagnostics)
	checkRegion(region, &resp.Diagnostics)
	if u, err := didiyun.ParseEndpoint(endpoint.value); err != nil {
		endpoint.addError(&resp.Diagnostics, "Invalid DiDi Cloud Endpoint", "%s (from %s).", err, endpoint.from)
	} else if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		endpoint.addWarning(&resp.Diagnostics, "Token Sent in Clear Text",
			"%s (from %s) is plain http:// on a host that is not this machine, so the API token travels "+
				"unencrypted. Use https://, or http:// only for a mock on localhost.", endpoint.value, endpoint.from)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	opts := conns.Options{API: didiyun.Options{
		Endpoint:   endpoint.value,
		Token:      token.value,
		UserAgent:  fmt.Sprintf("terraform-provider-didiyun/%s Terraform/%s", p.version, req.TerraformVersion),
		MaxRetries: didiyun.DefaultMaxRetries,
		Logger:     newTFLogger(token.value),
	}}
	if !config.MaxRetries.IsNull() {
		opts.API.MaxRetries = int(config.MaxRetries.ValueInt64())
	}
	if !config.RequestTimeout.IsNull() {
		// The validator has already accepted the value.
		opts.API.RequestTimeout, _ = time.ParseDuration(config.RequestTimeout.ValueString())
	}
	if p.tuneClient != nil {
		p.tuneClient(&opts)
	}

	meta, err := conns.NewClients(opts)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create DiDi Cloud API Client", err.Error())
		return
	}
	client := meta.Client
	settings := apidiag.Settings{
		TokenFrom:      token.from,
		Endpoint:       client.Endpoint(),
		EndpointFrom:   endpoint.from,
		RegionFrom:     region.from,
		RequestTimeout: opts.API.RequestTimeout,
		MaxRetries:     opts.API.MaxRetries,
	}
	if settings.RequestTimeout <= 0 {
		settings.RequestTimeout = didiyun.DefaultRequestTimeout
	}
	probeAccount(ctx, client, token, region, endpoint, settings, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	p.stateImages.Reset()
	meta.Region, meta.Settings, meta.StateImages = region.value, settings, p.stateImages
	resp.ResourceData = meta
	resp.DataSourceData = meta
	resp.ListResourceData = meta
	tflog.Debug(ctx, "configured DiDi Cloud client", map[string]any{
		"endpoint": client.Endpoint(), "region": region.value, "region_from": region.from, "token_from": token.from,
	})
}

// isLoopback reports a host name or address of this machine's loopback.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
