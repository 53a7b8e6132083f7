package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// Prefix is where the admin HTTP API lives. It needs no token: it is a
// test tool's back door, never exposed like the API it mocks.
const Prefix = "/_mock/"

// Mock is what the admin API looks at and steers; the server that wires
// the mock is one.
type Mock interface {
	Cloud() *cloud.Cloud
	Faults() *Faults
	// TokenAccounts are the accounts a token opens, the default one first.
	TokenAccounts() []string
	// RequestLog is the request log, one account's when account is not "".
	RequestLog(account string) any
	// Counters is the body of GET /_mock/counters.
	Counters() any
	// Reset puts the whole mock back as it started.
	Reset()
	// WriteFailure is the first failed write to the state file or journal.
	WriteFailure() error
}

// route answers one admin request with a status and a JSON value.
type route func(m Mock, r *http.Request) (int, any)

var routes = map[string]route{
	"GET /_mock/accounts":         accounts,
	"GET /_mock/requests":         requests,
	"GET /_mock/counters":         counters,
	"GET /_mock/images":           images,
	"POST /_mock/images/delete":   deleteImage,
	"POST /_mock/images/rename":   renameImage,
	"POST /_mock/jobs/fail":       failJob,
	"POST /_mock/faults":          faults,
	"GET /_mock/config":           showConfig,
	"POST /_mock/config":          config,
	"POST /_mock/churn":           churn,
	"POST /_mock/job-outcome":     jobOutcome,
	"POST /_mock/reset":           reset,
	"POST /_mock/detection/reset": detection,
}

// adminError is the body of a failed admin request.
type adminError struct {
	Error string `json:"error"`
}

func adminFail(status int, format string, args ...any) (int, any) {
	return status, adminError{Error: fmt.Sprintf(format, args...)}
}

var adminOK = map[string]bool{"ok": true}

// Serve answers an admin request and returns its HTTP status.
func Serve(m Mock, w http.ResponseWriter, r *http.Request) int {
	route, ok := routes[r.Method+" "+r.URL.Path]
	status, body := http.StatusNotFound, any(adminError{Error: fmt.Sprintf("no admin route %s %s", r.Method, r.URL.Path)})
	if ok {
		status, body = route(m, r)
	}
	if err := m.WriteFailure(); err != nil {
		status, body = adminFail(http.StatusInternalServerError, "the mock cannot keep its state any more (%v); restart it", err)
	}
	return openapi.WriteBody(w, status, openapi.JSONContentType, openapi.EncodeJSON(body))
}

// account is the account a call names with ?account=<AccountID>, or the
// default account when it names none.
func account(m Mock, r *http.Request) (string, error) {
	id := r.URL.Query().Get("account")
	if id == "" {
		return m.TokenAccounts()[0], nil
	}
	if !m.Cloud().HasAccount(id) {
		return "", fmt.Errorf("no account %q (GET /_mock/accounts lists them)", id)
	}
	return id, nil
}

// notInAccount says that what was named is not in the account, and how to
// name another: with several tokens, a missing ?account= is the usual cause.
func notInAccount(what, uuid, account string) string {
	return fmt.Sprintf("%s %q is not in account %s; name another with ?account=<id> (GET /_mock/accounts lists them)", what, uuid, account)
}

// decodeAdmin reads a JSON admin body strictly: a typo in a test's admin call
// should fail loudly, unlike the API, which ignores unknown fields. An empty
// body counts as {}, so `curl -X POST .../_mock/faults` clears the faults.
func decodeAdmin(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, openapi.MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("bad JSON body: %w", err)
	}
	return nil
}
