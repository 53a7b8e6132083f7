// Package apidiag is the one place where API errors become diagnostics:
// what happened, with errno, errmsg and requestId when DiDi Cloud answered,
// and what the user can do next.
package apidiag

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// Detail is the diagnostic detail for a client error.
func Detail(err error) string {
	detail := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		detail += "\n\nThe operation ran out of time. Raise the value in the resource's `timeouts` block if the " +
			"job is slow, or check the job in the DiDi Cloud console."
	case errors.Is(err, context.Canceled):
		detail += "\n\nThe operation was interrupted."
	case didiyun.IsConnectionError(err):
		detail += "\n\nNo answer came from DiDi Cloud. Check that `endpoint` in the provider block (or " +
			"DIDIYUN_ENDPOINT) is right and reachable from this machine."
	}
	var respErr *didiyun.ResponseError
	if errors.As(err, &respErr) && respErr.HTTPStatus == http.StatusTooManyRequests {
		detail += "\n\nDiDi Cloud is throttling requests. Try again later, lower `-parallelism`, or raise " +
			"`max_retries` in the provider block."
	}
	var nameTaken *didiyun.NameTakenError
	if errors.As(err, &nameTaken) {
		detail += fmt.Sprintf("\n\nImage names identify a new image whose create answer was lost, so they must be unique in a region. "+
			"Choose another name, or bring the existing image under Terraform with "+
			"`terraform import <address> %s/%s`.", nameTaken.RegionID, nameTaken.UUIDs[0])
	}
	if didiyun.IsOutcomeUnknown(err) {
		detail += "\n\nThe request may have reached DiDi Cloud. No image with this name was found afterwards; " +
			"check the console before applying again."
	}
	switch didiyun.ErrorErrno(err) {
	case didiyun.ErrnoAuthFailed:
		detail += "\n\nThe API rejected the token. Check `token` in the provider block or DIDIYUN_TOKEN."
	case didiyun.ErrnoImageQuery:
		detail += imageQueryHint(err)
	case didiyun.ErrnoSnapshotQuery:
		detail += "\n\nCheck that the snapshot exists in that region: an image is made only from a snapshot " +
			"of the region it is made in."
	case didiyun.ErrnoArrears:
		detail += "\n\nThe account is in arrears. Top it up in the DiDi Cloud console, then run Terraform again."
	case didiyun.ErrnoNoPermission:
		detail += "\n\nThe token's account lacks permission for this operation."
	}
	return detail
}

// imageQueryHint words errno 41026 ("image query failed") for the call that
// got it: for a copy it usually means a wrong origin; for anything done to an
// image in state it says nothing about whether the image still exists.
func imageQueryHint(err error) string {
	var apiErr *didiyun.APIError
	if errors.As(err, &apiErr) && apiErr.Operation == "ImportCIMG" {
		return "\n\nCheck that the image exists in that region and is not a shared image."
	}
	return "\n\nDiDi Cloud could not look the image up (errno 41026, \"image query failed\"). That does not " +
		"mean it is gone, so it stays in state: run the command again later, or check the image in the console."
}

// AddError adds a client error under summary.
func AddError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, Detail(err))
}

// NotConfigured reports a provider whose configuration was unknown at plan time.
func NotConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider Not Configured",
		"The didiyun provider has no API client yet, usually because its configuration depends on values "+
			"that are unknown until apply. Set token, region and endpoint to known values.")
}
