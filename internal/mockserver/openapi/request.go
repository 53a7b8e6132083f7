package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// MaxBodyBytes bounds a request body; the API's bodies are a few hundred bytes.
const MaxBodyBytes = 1 << 20

// Call is one API request after routing.
type Call struct {
	Body      []byte
	Query     url.Values
	AccountID string // the token's account
	// RegionID is what the request named; handlers overwrite it with the
	// region they used, so the request log shows defaults applied.
	RegionID string
	// Oversize asks ListCIMG to return more items than limit (a fault).
	Oversize bool
}

// call is a Call as handlers see it: with the cloud, and the account,
// whose lock is held.
type call struct {
	*Call
	cloud *cloud.Cloud
	acct  *cloud.Account
}

// decode unmarshals the JSON body into v. An empty body counts as {}, so the
// handler's own checks name the missing field.
func (c *call) decode(v any) *Reply {
	if len(bytes.TrimSpace(c.Body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.Body, v); err != nil {
		r := invalid("malformed JSON body: %v", err)
		return &r
	}
	return nil
}

// RequestedRegion reads regionId from the body or query without judging the
// request, for the request log.
func RequestedRegion(r *http.Request, body []byte) string {
	if r.Method == http.MethodGet {
		return r.URL.Query().Get("regionId")
	}
	var probe struct {
		RegionID string `json:"regionId"`
	}
	_ = json.Unmarshal(body, &probe) // best effort: invalid bodies are judged later
	return probe.RegionID
}

// BearerToken reads the token of a Bearer Authorization header, or answers
// errno 4. The scheme is case-insensitive (RFC 7235).
func BearerToken(r *http.Request) (string, *Reply) {
	header := strings.TrimSpace(r.Header.Get("Authorization"))
	scheme, given, found := strings.Cut(header, " ")
	switch {
	case header == "":
		return "", ptr(ErrReply(ErrnoAuthFailed, "missing Authorization header (want \"Bearer <token>\")"))
	case !found || !strings.EqualFold(scheme, "Bearer"):
		return "", ptr(ErrReply(ErrnoAuthFailed, "Authorization header is not a Bearer token"))
	}
	return strings.TrimSpace(given), nil
}

// CheckCall answers errno 13 for the wrong method, and for a POST without a
// JSON Content-Type (a charset parameter is fine).
func CheckCall(r *http.Request, ep Endpoint) *Reply {
	if r.Method != ep.Method {
		return ptr(ErrReply(ErrnoWrongCall, "%s needs %s, got %s", ep.Name, ep.Method, r.Method))
	}
	if ep.Method != http.MethodPost {
		return nil
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return ptr(ErrReply(ErrnoWrongCall, "missing Content-Type (want application/json)"))
	}
	mediaType, _, err := mime.ParseMediaType(ct)
	if err != nil || mediaType != "application/json" {
		return ptr(ErrReply(ErrnoWrongCall, "Content-Type %q is not application/json", ct))
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// oneOrMany decodes either a JSON array of T or a single T, because the docs'
// tables say array while their curl examples send one object.
type oneOrMany[T any] []T

func (m *oneOrMany[T]) UnmarshalJSON(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.Equal(trimmed, []byte("null")):
		*m = nil
		return nil
	case len(trimmed) > 0 && trimmed[0] == '{':
		var one T
		if err := json.Unmarshal(trimmed, &one); err != nil {
			return err
		}
		*m = oneOrMany[T]{one}
		return nil
	case len(trimmed) > 0 && trimmed[0] == '[':
		var many []T
		if err := json.Unmarshal(trimmed, &many); err != nil {
			return err
		}
		*m = many
		return nil
	}
	return fmt.Errorf("want an object or an array of objects, got %.20s", trimmed)
}
