package validate_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

func TestValidators(t *testing.T) {
	cases := []struct {
		name      string
		validator validator.String
		value     types.String
		wantError string // "" means valid
	}{
		{"uuid ok", validate.UUID(), types.StringValue("4a48f88391134a01befe88ff98b68af8"), ""},
		{"uuid upper case", validate.UUID(), types.StringValue("4A48F88391134A01BEFE88FF98B68AF8"), "32 lowercase hexadecimal"},
		{"uuid with dashes", validate.UUID(), types.StringValue("4a48f883-9113-4a01-befe-88ff98b68af8"), "32 lowercase hexadecimal"},
		{"uuid short", validate.UUID(), types.StringValue("4a48f883"), "is \"4a48f883\""},
		{"region ok", validate.RegionID(), types.StringValue("gz"), ""},
		{"region empty", validate.RegionID(), types.StringValue(""), "is empty"},
		{"region upper case", validate.RegionID(), types.StringValue("GZ"), "lowercase"},
		{"region with a trailing space", validate.RegionID(), types.StringValue("gz "), `is "gz "`},
		{"not blank ok", validate.NotBlank(), types.StringValue("web"), ""},
		{"not blank spaces", validate.NotBlank(), types.StringValue(" \t "), "not only white space"},
		{"url https", validate.HTTPURL(), types.StringValue("https://open.didiyunapi.com"), ""},
		{"url http with port", validate.HTTPURL(), types.StringValue("http://127.0.0.1:8765/"), ""},
		{"url ftp", validate.HTTPURL(), types.StringValue("ftp://example.com"), "http:// or https://"},
		{"url no scheme", validate.HTTPURL(), types.StringValue("open.didiyunapi.com"), "http:// or https://"},
		{"url with query", validate.HTTPURL(), types.StringValue("https://x.example/?a=1"), "http:// or https://"},
		{"duration ok", validate.Duration(), types.StringValue("90s"), ""},
		{"duration bare number", validate.Duration(), types.StringValue("10"), "positive duration"},
		{"duration negative", validate.Duration(), types.StringValue("-1m"), "positive duration"},
		{"null is left to required", validate.UUID(), types.StringNull(), ""},
		{"unknown is checked later", validate.UUID(), types.StringUnknown(), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := validator.StringRequest{Path: path.Root("attr"), ConfigValue: c.value}
			var resp validator.StringResponse
			c.validator.ValidateString(context.Background(), req, &resp)
			if c.wantError == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected error: %v", resp.Diagnostics)
				}
				return
			}
			if !resp.Diagnostics.HasError() {
				t.Fatalf("%q accepted, want an error mentioning %q", c.value.ValueString(), c.wantError)
			}
			detail := resp.Diagnostics.Errors()[0].Detail()
			if !strings.Contains(detail, c.wantError) || !strings.Contains(detail, "attr") {
				t.Errorf("detail %q should name the attribute and contain %q", detail, c.wantError)
			}
		})
	}
}

// RegionIDProblem is the check behind RegionID, for region values that come
// from elsewhere (DIDIYUN_REGION, import ids): the same verdicts.
func TestRegionIDProblem(t *testing.T) {
	for value, want := range map[string]string{"gz": "", "bj": "", "": "is empty", " ": "is empty", "GZ": `is "GZ"`, "gz\n": `is "gz\n"`} {
		if got := validate.RegionIDProblem(value); got != want {
			t.Errorf("RegionIDProblem(%q) = %q, want %q", value, got, want)
		}
	}
}
