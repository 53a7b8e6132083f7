package provider

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// probeTimeout bounds probeAccount, retries included, so that a slow or
// unreachable API delays the run by little: the call that needs it reports it.
const probeTimeout = 10 * time.Second

// probeAccount asks DiDi Cloud for its regions (once per client: resources
// use the same answer for their region checks), so that a rejected token or
// a region it does not offer fails at configure time with a message naming
// where the value came from, before any image request. Any other failure is
// only logged: the first call that needs the API reports it.
func probeAccount(ctx context.Context, client *didiyun.Client, token, region setting, settings apidiag.Settings, diags *diag.Diagnostics) {
	probeCtx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	ids, err := client.RegionIDs(probeCtx)
	switch {
	case didiyun.IsAuthError(err):
		token.addError(diags, "DiDi Cloud Rejected the API Token", "%s", settings.Detail(err))
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
