package didiyun

import (
	"context"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Logger receives the client's structured logs. The provider fills it with
// tflog; fields never contain the token.
type Logger interface {
	Warn(ctx context.Context, msg string, fields map[string]any)
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
	// Shared returns ctx for work done for many callers at once (a shared
	// JobResult poll, a shared listing): its logs carry an id of their own,
	// never the request id of the caller that happened to start the work.
	Shared(ctx context.Context, work string) context.Context
}

// NopLogger discards everything.
type NopLogger struct{}

// Warn discards the message.
func (NopLogger) Warn(context.Context, string, map[string]any) {}

// Debug discards the message.
func (NopLogger) Debug(context.Context, string, map[string]any) {}

// Trace discards the message.
func (NopLogger) Trace(context.Context, string, map[string]any) {}

// Shared returns ctx.
func (NopLogger) Shared(ctx context.Context, _ string) context.Context { return ctx }

// maskedHeaders copies h for logging with the credentials hidden.
func maskedHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name := range h {
		value := h.Get(name)
		if http.CanonicalHeaderKey(name) == "Authorization" {
			value = "Bearer ***"
		}
		out[name] = value
	}
	return out
}

// beforeAttempt is retryablehttp's only per-try hook: it counts the try for
// the final error, then logs it.
func (c *Client) beforeAttempt(_ retryablehttp.Logger, req *http.Request, retry int) {
	ctx := req.Context()
	fields := map[string]any{"method": req.Method, "url": req.URL.String(), "attempt": retry + 1}
	if state := stateFrom(ctx); state != nil {
		state.attempts = retry + 1
		fields["operation"] = state.op.name
		if retry > 0 {
			c.logger.Warn(ctx, "DiDi API request failed; trying again", map[string]any{
				"operation": state.op.name, "attempt": retry + 1, "tries_at_most": c.http.RetryMax + 1,
				"failure": state.failure, "failing_for": time.Since(state.started).Round(time.Millisecond).String(),
			})
		}
	}
	c.logger.Debug(ctx, "sending DiDi API request", fields)
	fields["headers"] = maskedHeaders(req.Header)
	c.logger.Trace(ctx, "DiDi API request headers", fields)
}

func (c *Client) logResponse(_ retryablehttp.Logger, resp *http.Response) {
	ctx := resp.Request.Context()
	fields := map[string]any{"status": resp.StatusCode, "url": resp.Request.URL.String()}
	if state := stateFrom(ctx); state != nil {
		fields["operation"] = state.op.name
		fields["elapsed_ms"] = time.Since(state.started).Milliseconds()
	}
	if wait := resp.Header.Get("Retry-After"); wait != "" {
		fields["retry_after"] = wait
	}
	c.logger.Trace(ctx, "DiDi API response received", fields)
}

func (c *Client) logDecoded(ctx context.Context, op operation, resp *http.Response, env *envelope) {
	fields := map[string]any{"operation": op.name, "status": resp.StatusCode}
	if env != nil && env.Errno != nil {
		fields["errno"] = *env.Errno
		fields["errmsg"] = env.Errmsg
		fields["request_id"] = env.RequestID
	}
	c.logger.Debug(ctx, "DiDi API answer", fields)
}
