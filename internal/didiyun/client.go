// Package didiyun is a typed client for the DiDi Cloud OpenAPI. It knows
// nothing about Terraform: the provider translates between the two.
package didiyun

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultEndpoint is DiDi Cloud's public API address.
const DefaultEndpoint = "https://open.didiyunapi.com"

// Options configure a Client. Zero values take the defaults below.
type Options struct {
	Endpoint  string
	Token     string
	UserAgent string
	// MaxRetries bounds the retries of one request (not counting the first
	// try). Unlike the other fields, 0 is kept: it means no retries. Callers
	// that want the default pass DefaultMaxRetries.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the backoff between tries.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// RequestTimeout bounds one HTTP attempt.
	RequestTimeout time.Duration
	// HTTPClient lets tests and proxies supply a transport.
	HTTPClient *http.Client
	Logger     Logger
}

// Defaults applied by New.
const (
	DefaultMaxRetries     = 5
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 20 * time.Second
	DefaultRequestTimeout = 60 * time.Second
)

// Client talks to one DiDi endpoint with one token. It is safe for concurrent use.
type Client struct {
	endpoint  *url.URL
	token     string
	userAgent string
	logger    Logger
	http      *retryablehttp.Client
	changes   changes

	regionsMu sync.Mutex
	regions   []Region
}

// New checks the options and builds a Client.
func New(opts Options) (*Client, error) {
	if opts.Endpoint == "" {
		opts.Endpoint = DefaultEndpoint
	}
	endpoint, err := ParseEndpoint(opts.Endpoint)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(opts.Token) == "" {
		return nil, errors.New("an API token is required")
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "terraform-provider-didiyun"
	}
	if opts.Logger == nil {
		opts.Logger = NopLogger{}
	}
	if opts.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be 0 or more, got %d", opts.MaxRetries)
	}
	if opts.RetryWaitMin <= 0 {
		opts.RetryWaitMin = DefaultRetryWaitMin
	}
	if opts.RetryWaitMax <= 0 {
		opts.RetryWaitMax = DefaultRetryWaitMax
	}
	if opts.RetryWaitMax < opts.RetryWaitMin {
		opts.RetryWaitMax = opts.RetryWaitMin
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	httpClient := opts.HTTPClient
	if httpClient == nil {
		httpClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	httpClient.Timeout = opts.RequestTimeout

	c := &Client{
		endpoint:  endpoint,
		token:     opts.Token,
		userAgent: opts.UserAgent,
		logger:    opts.Logger,
	}
	c.http = &retryablehttp.Client{
		HTTPClient:   httpClient,
		RetryMax:     opts.MaxRetries,
		RetryWaitMin: opts.RetryWaitMin,
		RetryWaitMax: opts.RetryWaitMax,
		CheckRetry:   checkRetry,
		Backoff:      backoffWithJitter,
		// Our own hooks log with the caller's context and a masked header;
		// retryablehttp's logger would bypass both.
		Logger:          nil,
		RequestLogHook:  c.beforeAttempt,
		ResponseLogHook: c.logResponse,
		ErrorHandler:    retryablehttp.PassthroughErrorHandler,
	}
	return c, nil
}

// ParseEndpoint accepts an absolute http or https URL without query or fragment.
func ParseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("endpoint %q must be an http:// or https:// URL such as %s", raw, DefaultEndpoint)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("endpoint %q must not carry a query or fragment", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// Endpoint returns the base URL requests go to.
func (c *Client) Endpoint() string { return c.endpoint.String() }

// Logger is where the client logs; the packages built on it log there too.
func (c *Client) Logger() Logger { return c.logger }

// Pause waits the client's backoff before retry number attempt+1, or until
// ctx ends. Callers that retry a whole operation (a delete they must see
// through, a read after a job) use it between tries.
func (c *Client) Pause(ctx context.Context, attempt int) error {
	timer := time.NewTimer(c.http.Backoff(c.http.RetryWaitMin, c.http.RetryWaitMax, attempt, nil))
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
