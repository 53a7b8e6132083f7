package cimg

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// regexpValidator rejects a name_regex that does not compile, at plan time
// and before any API call, rather than failing in the middle of a read.
type regexpValidator struct{}

var _ validator.String = regexpValidator{}

func (regexpValidator) Description(context.Context) string {
	return "a valid Go regular expression (RE2 syntax)"
}

func (v regexpValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (regexpValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Regular Expression",
			fmt.Sprintf("Attribute %s is not a valid Go regular expression: %s.\n\n"+
				"The syntax is RE2 (https://pkg.go.dev/regexp/syntax): no look-around or back-references. "+
				"Escape characters such as . ( [ with a backslash to match them literally.",
				req.Path, err))
	}
}
