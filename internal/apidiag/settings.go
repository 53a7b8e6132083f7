package apidiag

import (
	"fmt"
	"time"
)

// Settings is what the provider was configured with and where each value
// came from, so that a hint names the value in use and the place to change
// it. The zero value words every hint for any configuration.
type Settings struct {
	// TokenFrom says where the token came from, such as "the DIDIYUN_TOKEN
	// environment variable". Never the token itself.
	TokenFrom string
	// Endpoint is the API's base URL in use; EndpointFrom where it came from.
	Endpoint, EndpointFrom string
	// RegionFrom says where the provider's default region came from.
	RegionFrom string
	// RequestTimeout and MaxRetries are the values in use, defaults
	// included; a zero RequestTimeout means both are unknown.
	RequestTimeout time.Duration
	MaxRetries     int
}

func (s Settings) token() string {
	if s.TokenFrom == "" {
		return "`token` in the provider block, or the DIDIYUN_TOKEN environment variable (DIDIYUN_ACCESS_TOKEN " +
			"when DIDIYUN_TOKEN is unset)"
	}
	return s.TokenFrom
}

func (s Settings) endpoint() string {
	if s.Endpoint == "" {
		return "`endpoint` in the provider block (or DIDIYUN_ENDPOINT)"
	}
	return fmt.Sprintf("the endpoint %s (from %s)", s.Endpoint, s.EndpointFrom)
}

func (s Settings) requestTimeout() string {
	if s.RequestTimeout <= 0 {
		return "`request_timeout` (60s unless set)"
	}
	return fmt.Sprintf("`request_timeout` (%s here)", s.RequestTimeout)
}

func (s Settings) maxRetries() string {
	if s.RequestTimeout <= 0 {
		return "`max_retries` (5 unless set)"
	}
	return fmt.Sprintf("`max_retries` (%d here)", s.MaxRetries)
}
