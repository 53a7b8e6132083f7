package provider

import (
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Environment variables read when the provider block leaves a value out.
const (
	envToken         = "DIDIYUN_TOKEN"
	envTokenFallback = "DIDIYUN_ACCESS_TOKEN"
	envRegion        = "DIDIYUN_REGION"
	envEndpoint      = "DIDIYUN_ENDPOINT"
)

// setting is a provider value and where it came from, so that every message
// about it can say where to change it.
type setting struct {
	value string
	// attr is the provider block's argument, for errors attached to it.
	attr string
	// from names the source in a sentence: "`region` in the provider block",
	// "the DIDIYUN_REGION environment variable", or "" when unset.
	from string
	// fromConfig is true when the value came from the provider block.
	fromConfig bool
}

// envSource is an environment variable a setting falls back on.
type envSource struct {
	name string
	// note follows the name in messages, such as why it was read.
	note string
}

// resolve picks the provider block's value, else the first environment
// variable that is not empty. One of only white space counts, so that it is
// reported rather than silently skipped.
func resolve(configured types.String, attr string, envs ...envSource) setting {
	if !configured.IsNull() && configured.ValueString() != "" {
		return setting{value: configured.ValueString(), attr: attr, from: "`" + attr + "` in the provider block", fromConfig: true}
	}
	for _, env := range envs {
		if value, ok := os.LookupEnv(env.name); ok && value != "" {
			return setting{value: value, attr: attr, from: "the " + env.name + " environment variable" + env.note}
		}
	}
	return setting{attr: attr}
}

func resolveToken(configured types.String) setting {
	return resolve(configured, "token", envSource{name: envToken},
		envSource{name: envTokenFallback, note: " (read because " + envToken + " is unset)"})
}

func resolveRegion(configured types.String) setting {
	return resolve(configured, "region", envSource{name: envRegion})
}

func resolveEndpoint(configured types.String, fallback string) setting {
	s := resolve(configured, "endpoint", envSource{name: envEndpoint})
	if s.from == "" {
		s.value = fallback
		s.from = "the default; set `endpoint` or " + envEndpoint + " to change it"
	}
	return s
}

// addError reports a problem with the setting, on its argument when the
// provider block set it. Never on `token`: Terraform would quote that line
// of the configuration, the token with it, into output that CI logs and
// pull-request comments keep.
func (s setting) addError(diags *diag.Diagnostics, summary, format string, args ...any) {
	s.add(diags, diag.NewErrorDiagnostic(summary, fmt.Sprintf(format, args...)))
}

// addWarning is addError for a warning.
func (s setting) addWarning(diags *diag.Diagnostics, summary, format string, args ...any) {
	s.add(diags, diag.NewWarningDiagnostic(summary, fmt.Sprintf(format, args...)))
}

func (s setting) add(diags *diag.Diagnostics, d diag.Diagnostic) {
	if s.fromConfig && s.attr != "token" {
		d = diag.WithPath(path.Root(s.attr), d)
	}
	diags.Append(d)
}
