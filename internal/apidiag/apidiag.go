// Package apidiag is the one place where API errors become diagnostics:
// what happened, with errno, errmsg and requestId when DiDi Cloud answered,
// and the setting or command that fixes it. The hint is chosen by the kind
// of failure (Classify), so each kind has one wording.
package apidiag

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
)

// Detail is the diagnostic detail for a client error: the error, then what
// to do about its kind, then what is known about a create or a name.
func (s Settings) Detail(err error) string {
	detail := err.Error()
	if hint := s.kindHint(err); hint != "" {
		detail += "\n\n" + hint
	}
	if hint := outcomeHint(err); hint != "" {
		detail += "\n\n" + hint
	}
	var nameTaken *ownership.NameTakenError
	if errors.As(err, &nameTaken) {
		detail += "\n\n" + nameTakenHint(nameTaken)
	}
	return detail
}

// AddError adds a client error under summary.
func (s Settings) AddError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, s.Detail(err))
}

// NotConfigured reports a provider whose configuration was unknown at plan time.
func NotConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider Not Configured",
		"The didiyun provider has no API client yet, usually because its configuration depends on values "+
			"that are unknown until apply. Set token, region and endpoint to known values.")
}

// kindHint says what to do about the kind of failure.
func (s Settings) kindHint(err error) string {
	var respErr *didiyun.ResponseError
	errors.As(err, &respErr)
	switch Classify(err) {
	case KindErrno:
		return s.errnoHint(err)
	case KindThrottled:
		return fmt.Sprintf("DiDi Cloud is throttling requests. Try again later, lower `-parallelism`, or raise %s "+
			"in the provider block.", s.maxRetries())
	case KindServerError:
		if didiyun.IsOutcomeUnknown(err) {
			// A write is never retried after a 5xx: max_retries plays no part.
			return fmt.Sprintf("DiDi Cloud, or a proxy in front of it, failed with HTTP %d.", respErr.HTTPStatus)
		}
		return fmt.Sprintf("DiDi Cloud, or a proxy in front of it, failed with HTTP %d. That usually passes: run "+
			"the command again later; %s in the provider block says how often such a request is retried first.",
			respErr.HTTPStatus, s.maxRetries())
	case KindNotAPI:
		return fmt.Sprintf("An HTTP %d without an API answer means the request did not reach DiDi Cloud's API. "+
			"Check that %s is the API's base URL, such as %s.", respErr.HTTPStatus, s.endpoint(), didiyun.DefaultEndpoint)
	case KindBrokenAnswer:
		return fmt.Sprintf("The answer was cut off or is not what the API documents. Run the command again; if it "+
			"keeps happening, check any proxy between this machine and %s.", s.endpoint())
	case KindCancelled:
		return "The operation was interrupted before it finished."
	case KindDeadline:
		return deadlineHint(err)
	case KindRequestTimeout:
		return fmt.Sprintf("DiDi Cloud did not answer a request within %s. Raise `request_timeout` in the provider "+
			"block when the API or the network is slow, and %s when the slowness comes and goes. (A resource's "+
			"`timeouts` block bounds whole operations, not single requests.)", s.requestTimeout(), s.maxRetries())
	case KindTLS:
		return fmt.Sprintf("The TLS connection failed: the server's certificate could not be verified, or it does "+
			"not speak HTTPS. Check %s (https:// for DiDi Cloud, http:// for a local mock server), and that "+
			"this machine trusts the authority that signed the certificate.", s.endpoint())
	case KindUnreachable:
		return fmt.Sprintf("No answer came from DiDi Cloud: the connection was refused or the host could not be "+
			"found. Check that %s is right and reachable from this machine.", s.endpoint())
	case KindTransport:
		return fmt.Sprintf("The request failed before DiDi Cloud answered. Check the network between this machine "+
			"and %s, including any proxy (HTTPS_PROXY), and run the command again.", s.endpoint())
	}
	return ""
}

// deadlineHint names the entry of the timeouts block that ran out, when the
// resource said which (OperationDeadline).
func deadlineHint(err error) string {
	var deadline *OperationDeadline
	if !errors.As(err, &deadline) {
		return "The operation ran out of time. Raise the matching entry (`create`, `update` or `delete`) of the " +
			"resource's `timeouts` block if the job is slow, or check the job in the DiDi Cloud console."
	}
	var progress *JobProgress
	if errors.As(err, &progress) {
		if needed, ok := progress.needed(deadline.Limit); ok && needed > deadline.Limit {
			return fmt.Sprintf("The operation ran out of time: the `%[1]s` entry of the resource's `timeouts` block "+
				"bounds it (%[2]s here). JobResult last showed the job at %[3]s %% (%[4]s into the wait), so the "+
				"operation needs about %[5]s in all: raise the entry to at least `timeouts { %[1]s = \"%[6]s\" }`, or check the job in the DiDi "+
				"Cloud console.", deadline.Entry, deadline.Limit, strconv.FormatFloat(progress.Percent, 'f', -1, 64),
				progress.LastAt.Round(time.Second), needed.Round(time.Second), formatTimeout(roundUpTimeout(needed)))
		}
	}
	return fmt.Sprintf("The operation ran out of time: the `%[1]s` entry of the resource's `timeouts` block "+
		"bounds it (%[2]s here). If the job is slow, raise it, for example `timeouts { %[1]s = \"%[3]s\" }`, "+
		"or check the job in the DiDi Cloud console.", deadline.Entry, deadline.Limit, 2*deadline.Limit)
}

// errnoHint says what to do about an errno that has a known fix.
func (s Settings) errnoHint(err error) string {
	switch didiyun.ErrorErrno(err) {
	case didiyun.ErrnoAuthFailed:
		return fmt.Sprintf("The API rejected the token from %s. Check that it is a current API token from the "+
			"DiDi Cloud console (API TOKEN) and that it belongs to the account that owns the images.", s.token())
	case didiyun.ErrnoImageQuery:
		return imageQueryHint(err)
	case didiyun.ErrnoSnapshotQuery:
		return "Check that the snapshot exists in that region: an image is made only from a snapshot " +
			"of the region it is made in."
	case didiyun.ErrnoArrears:
		return "The account is in arrears. Top it up in the DiDi Cloud console, then run Terraform again."
	case didiyun.ErrnoNoPermission:
		return fmt.Sprintf("The account of the token from %s lacks permission for this operation.", s.token())
	}
	return ""
}

// imageQueryHint words errno 41026 ("image query failed") for the call that
// got it: for a copy it usually means a wrong origin; for anything done to an
// image in state it says nothing about whether the image still exists.
func imageQueryHint(err error) string {
	var apiErr *didiyun.APIError
	if errors.As(err, &apiErr) && apiErr.Operation == "ImportCIMG" {
		return "Check that the image exists in that region and is not a shared image."
	}
	return "DiDi Cloud could not look the image up (errno 41026, \"image query failed\"). That does not " +
		"mean it is gone, so it stays in state: run the command again later, or check the image in the console."
}
