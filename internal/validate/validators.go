package validate

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

var (
	uuidPattern   = regexp.MustCompile(`^[0-9a-f]{32}$`)
	regionPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// IsUUID reports a DiDi resource uuid: 32 lowercase hexadecimal characters.
func IsUUID(s string) bool { return uuidPattern.MatchString(s) }

// UUID accepts DiDi resource uuids: 32 lowercase hexadecimal characters.
func UUID() validator.String {
	return stringCheck{
		description: "32 lowercase hexadecimal characters, such as 4a48f88391134a01befe88ff98b68af8",
		check: func(v string) string {
			if !IsUUID(v) {
				return fmt.Sprintf("is %q", v)
			}
			return ""
		},
	}
}

// RegionIDDescription is what RegionID accepts, for messages about region
// values that do not come from an attribute (environment variables, ids).
const RegionIDDescription = "a DiDi Cloud region id in lowercase, such as gz or bj"

// RegionIDProblem returns "" for a well-formed region id, else what is wrong
// with it ("is empty", `is "GZ"`), so that the provider block, environment
// variables and import ids are checked alike.
func RegionIDProblem(v string) string {
	switch {
	case strings.TrimSpace(v) == "":
		return "is empty"
	case !regionPattern.MatchString(v):
		return fmt.Sprintf("is %q", v)
	}
	return ""
}

// RegionID accepts region ids such as gz or bj.
func RegionID() validator.String {
	return stringCheck{description: RegionIDDescription, check: RegionIDProblem}
}

// NotBlank rejects empty strings and strings of only white space.
func NotBlank() validator.String {
	return stringCheck{
		description: "a non-empty string that is not only white space",
		check: func(v string) string {
			if strings.TrimSpace(v) == "" {
				return fmt.Sprintf("is %q", v)
			}
			return ""
		},
	}
}

// HTTPURL accepts an absolute http:// or https:// URL.
func HTTPURL() validator.String {
	return stringCheck{
		description: "an http:// or https:// URL such as " + didiyun.DefaultEndpoint,
		check: func(v string) string {
			if _, err := didiyun.ParseEndpoint(v); err != nil {
				return fmt.Sprintf("is %q", v)
			}
			return ""
		},
	}
}

// Duration accepts a positive Go duration such as 30s or 2m.
func Duration() validator.String {
	return stringCheck{
		description: "a positive duration such as 30s, 2m or 1h",
		check: func(v string) string {
			if d, err := time.ParseDuration(v); err != nil || d <= 0 {
				return fmt.Sprintf("is %q", v)
			}
			return ""
		},
	}
}
