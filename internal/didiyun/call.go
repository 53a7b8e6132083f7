package didiyun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// maxBodyBytes guards against a proxy streaming something endless at us.
const maxBodyBytes = 32 << 20

// callState travels in the request context so the retry policy and log
// hooks, which retryablehttp calls without our arguments, can see it.
type callState struct {
	op       operation
	attempts int
	started  time.Time
	// failure is what made the last try fail, for the retry's log line.
	failure string
}

type callStateKey struct{}

func stateFrom(ctx context.Context) *callState {
	s, _ := ctx.Value(callStateKey{}).(*callState)
	return s
}

// call sends one operation, retrying as its kind allows, and decodes the
// envelope's data into out (unless out is nil).
func (c *Client) call(ctx context.Context, op operation, query url.Values, body any, out any) error {
	state := &callState{op: op, started: time.Now()}
	ctx = context.WithValue(ctx, callStateKey{}, state)

	target := c.endpoint.JoinPath(op.path)
	target.RawQuery = query.Encode()

	var payload any
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("%s: encoding the request: %w", op.name, err)
		}
		payload = raw
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, op.method, target.String(), payload)
	if err != nil {
		return fmt.Errorf("%s: building the request: %w", op.name, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if op.method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}

	var env *envelope
	req.SetResponseHandler(func(resp *http.Response) error {
		var herr error
		env, herr = c.readEnvelope(op, resp)
		if herr == nil && out != nil && isNullData(env.Data) {
			// Success without data is a broken answer: for a read, an empty
			// result here would make a live image look deleted.
			herr = &ResponseError{Operation: op.name, HTTPStatus: resp.StatusCode,
				Reason: "errno 0 but the answer carries no data"}
		}
		return herr
	})

	resp, err := c.http.Do(req)
	if resp != nil && env == nil && err == nil {
		// Retries ran out on a status the handler never saw (5xx, 429).
		env, err = c.readEnvelope(op, resp)
	}
	if err != nil {
		return c.finalError(ctx, state, err)
	}
	if out == nil {
		return nil
	}
	if err := decodeData(env.Data, out); err != nil {
		return c.finalError(ctx, state, &ResponseError{Operation: op.name, HTTPStatus: resp.StatusCode,
			Reason: "unexpected data: " + err.Error(), Snippet: snippet(env.Data)})
	}
	return nil
}

func decodeData(raw json.RawMessage, out any) error {
	if u, ok := out.(json.Unmarshaler); ok {
		return u.UnmarshalJSON(raw)
	}
	return json.Unmarshal(raw, out)
}

func (c *Client) readEnvelope(op operation, resp *http.Response) (*envelope, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	if err != nil {
		return nil, &ResponseError{Operation: op.name, HTTPStatus: resp.StatusCode,
			Reason: "the connection broke while reading the answer: " + err.Error(), Snippet: snippet(body)}
	}
	env, decodeErr := decodeEnvelope(op.name, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	c.logDecoded(resp.Request.Context(), op, resp, env)
	return env, decodeErr
}

// finalError adds the number of tries and, for writes that must not be
// repeated, whether the server may have acted on the request anyway.
func (c *Client) finalError(ctx context.Context, state *callState, err error) error {
	ctxErr := context.Cause(ctx)
	if ctxErr != nil && !errors.Is(err, ctxErr) {
		err = &StoppedError{Operation: state.op.name, Cause: ctxErr, Last: err}
	}
	if state.attempts > 1 {
		err = &AttemptsError{Operation: state.op.name, Attempts: state.attempts, Limit: c.http.RetryMax + 1,
			Stopped: stoppedEarly(state, ctxErr), Err: err}
	} else if !isDescribed(err) {
		err = fmt.Errorf("%s failed: %w", state.op.name, err)
	}
	if !state.op.repeatable && mayHaveTakenEffect(err) {
		err = &outcomeUnknownError{err: err}
	}
	return err
}

// stoppedEarly says why retries end before max_retries does.
func stoppedEarly(state *callState, ctxErr error) string {
	switch {
	case ctxErr != nil:
		return "as the time allowed ran out"
	case !state.op.repeatable:
		return "as a request that may have reached DiDi Cloud is not sent again"
	}
	return "as a retry cannot mend the last failure"
}

// isDescribed reports errors that already name the operation.
func isDescribed(err error) bool {
	var apiErr *APIError
	var respErr *ResponseError
	return errors.As(err, &apiErr) || errors.As(err, &respErr)
}

// mayHaveTakenEffect separates clean refusals (nothing happened) from
// answers that leave the server's state unknown.
func mayHaveTakenEffect(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return isRetryableErrno(apiErr.Errno)
	}
	var respErr *ResponseError
	if errors.As(err, &respErr) {
		return respErr.HTTPStatus != http.StatusTooManyRequests
	}
	return !isDialError(err)
}
