package provider

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// probeTimeout bounds probeAccount, retries included: a refused connection
// fails the plan within it, and a slow API delays the run by little.
const probeTimeout = 5 * time.Second

// probeAccount asks DiDi Cloud for its regions (once per client: resources
// use the same answer for their region checks), so that a rejected token, a
// region it does not offer, or an endpoint that is no DiDi Cloud API at all
// (refused, unknown host, TLS mismatch, an HTTP 4xx that is not an API
// answer, a wrong base path) fails at configure time with a message naming
// where the value came from, before any image request: a plan that could not
// check anything must not pass. Any other failure (a slow or briefly failing
// API) is only logged: the first call that needs the API reports it.
func probeAccount(ctx context.Context, client *didiyun.Client, token, region, endpoint setting, settings apidiag.Settings, diags *diag.Diagnostics) {
	probeCtx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	ids, err := client.RegionIDs(probeCtx)
	switch {
	case didiyun.IsAuthError(err):
		token.addError(diags, "DiDi Cloud Rejected the API Token", "%s", settings.Detail(err))
		return
	case unreachable(err) || unreachable(didiyun.LastFailure(err)):
		endpoint.addError(diags, "DiDi Cloud API Not Reachable", "The provider could not reach DiDi Cloud's API at "+
			"%s (from %s), so nothing in this plan could be checked: %s", client.Endpoint(), endpoint.from, settings.Detail(err))
		return
	case wrongBasePath(err):
		endpoint.addError(diags, "DiDi Cloud API Not Reachable", "%s (from %s) answers, but not as DiDi Cloud's API "+
			"root: %s\n\nSet it to the base URL without any path, such as %s; the provider adds each API's path.",
			client.Endpoint(), endpoint.from, err, didiyun.DefaultEndpoint)
		return
	case err != nil:
		tflog.Warn(ctx, "could not check the token and region against DiDi Cloud; going on", map[string]any{"error": err.Error()})
		return
	}
	if len(ids) > 0 && !slices.Contains(ids, region.value) {
		region.addError(diags, "Unknown DiDi Cloud Region",
			"The region %q from %s is not one DiDi Cloud offers; it must be one of: %s.",
			region.value, region.from, strings.Join(ids, ", "))
	}
}

// wrongBasePath reports an answer that shows the endpoint is not the API's
// root: unknown path (HTTP 404, errno 13), or a body that is not the API's
// envelope although the request succeeded.
func wrongBasePath(err error) bool {
	var apiErr *didiyun.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatus == http.StatusNotFound || apiErr.Errno == didiyun.ErrnoInvalidCall
	}
	var respErr *didiyun.ResponseError
	return errors.As(err, &respErr) && respErr.NotEnvelope
}

// unreachable reports a failure that no wait mends: there is no DiDi Cloud
// API at the endpoint, or it cannot be spoken to.
func unreachable(err error) bool {
	switch apidiag.Classify(err) {
	case apidiag.KindUnreachable, apidiag.KindTLS, apidiag.KindNotAPI:
		return true
	}
	return false
}
