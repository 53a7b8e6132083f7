package region

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// errorDetail is the region package's counterpart of the cimg one: the
// client's error already names errno, errmsg and requestId; this adds what
// the user can do about the errnos a region listing can meet.
func errorDetail(err error) string {
	detail := err.Error()
	switch didiyun.ErrorErrno(err) {
	case didiyun.ErrnoAuthFailed:
		detail += "\n\nThe API rejected the token. Check `token` in the provider block or DIDIYUN_TOKEN."
	case didiyun.ErrnoNoPermission:
		detail += "\n\nThe token's account lacks permission to list regions."
	case didiyun.ErrnoInvalidParameter, didiyun.ErrnoInvalidCall:
		detail += "\n\nCheck `product`: it must be a DiDi Cloud product code such as `dc2`."
	}
	return detail
}

// notConfigured reports a provider whose configuration was unknown at plan time.
func notConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider Not Configured",
		"The didiyun provider has no API client yet, usually because its configuration depends on values "+
			"that are unknown until apply. Set token, region and endpoint to known values.")
}
