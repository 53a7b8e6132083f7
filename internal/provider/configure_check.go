package provider

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

// checkToken trims white space around the token (a trailing newline is
// common from files and secret stores) and refuses what no HTTP header can
// carry, naming where the token came from and never the token itself.
func checkToken(token *setting, diags *diag.Diagnostics) {
	if token.from == "" {
		diags.AddError("Missing DiDi Cloud API Token",
			fmt.Sprintf("The provider needs an API token. Set `token` in the provider block or the %s environment "+
				"variable (%s is read when %s is unset). Tokens are issued in the DiDi Cloud console under API TOKEN.",
				envToken, envTokenFallback, envToken))
		return
	}
	token.value = strings.TrimSpace(token.value)
	if token.value == "" {
		token.addError(diags, "Blank DiDi Cloud API Token",
			"The API token from %s holds only white space. Set it to the token from the DiDi Cloud console.", token.from)
		return
	}
	for i, r := range []rune(token.value) {
		if what := badTokenRune(r); what != "" {
			token.addError(diags, "Invalid DiDi Cloud API Token",
				"The API token from %s has %s at character %d of %d, which an HTTP header cannot carry. White "+
					"space around the token is removed; inside it, it usually means two values were pasted "+
					"together. Set it to the token alone, as the DiDi Cloud console shows it.",
				token.from, what, i+1, len([]rune(token.value)))
			return
		}
	}
}

// badTokenRune names a character a bearer token cannot hold, or "".
func badTokenRune(r rune) string {
	switch {
	case r == '\n' || r == '\r':
		return "a line break"
	case unicode.IsSpace(r):
		return "a space"
	case unicode.IsControl(r):
		return "a control character"
	case r > unicode.MaxASCII:
		return "a non-ASCII character"
	}
	return ""
}

// checkRegion checks the region as the provider block's validator does,
// wherever it came from, and names its source.
func checkRegion(region setting, diags *diag.Diagnostics) {
	if region.from == "" {
		diags.AddAttributeError(path.Root("region"), "Missing DiDi Cloud Region",
			fmt.Sprintf("The provider needs a default region such as `gz` or `bj`. Set `region` in the provider block "+
				"or the %s environment variable.", envRegion))
		return
	}
	if problem := validate.RegionIDProblem(region.value); problem != "" {
		region.addError(diags, "Invalid DiDi Cloud Region",
			"The region from %s %s; it must be %s. The provider block's `region` wins over %s.",
			region.from, problem, validate.RegionIDDescription, envRegion)
	}
}
