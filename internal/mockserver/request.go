package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// maxBodyBytes bounds a request body; the API's bodies are a few hundred bytes.
const maxBodyBytes = 1 << 20

// call is one API request after routing, as handlers see it.
type call struct {
	body  []byte
	query url.Values
	// accountID is the token's account, acct the account itself once the
	// lock is held.
	accountID string
	acct      *account
	// regionID is what the request named; handlers overwrite it with the
	// region they used, so the request log shows defaults applied.
	regionID string
	// oversize asks ListCIMG to return more items than limit (a fault).
	oversize bool
}

// decode unmarshals the JSON body into v. An empty body counts as {}, so the
// handler's own checks name the missing field.
func (c *call) decode(v any) *reply {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		r := invalid("malformed JSON body: %v", err)
		return &r
	}
	return nil
}

// requestedRegion reads regionId from the body or query without judging the
// request, for the request log.
func requestedRegion(r *http.Request, body []byte) string {
	if r.Method == http.MethodGet {
		return r.URL.Query().Get("regionId")
	}
	var probe struct {
		RegionID string `json:"regionId"`
	}
	_ = json.Unmarshal(body, &probe) // best effort: invalid bodies are judged later
	return probe.RegionID
}

// bearerToken reads the token of a Bearer Authorization header, or answers
// errno 4. The scheme is case-insensitive (RFC 7235).
func bearerToken(r *http.Request) (string, *reply) {
	header := strings.TrimSpace(r.Header.Get("Authorization"))
	scheme, given, found := strings.Cut(header, " ")
	switch {
	case header == "":
		return "", ptr(errReply(ErrnoAuthFailed, "missing Authorization header (want \"Bearer <token>\")"))
	case !found || !strings.EqualFold(scheme, "Bearer"):
		return "", ptr(errReply(ErrnoAuthFailed, "Authorization header is not a Bearer token"))
	}
	return strings.TrimSpace(given), nil
}

// checkAuth answers errno 4 unless the request carries one of the tokens.
// Tokens are looked up by their hash, so the time taken says nothing about
// how much of a token was right.
func (s *Server) checkAuth(r *http.Request) *reply {
	token, rep := bearerToken(r)
	if rep != nil {
		return rep
	}
	if !s.accepted[AccountID(token)] {
		return ptr(errReply(ErrnoAuthFailed, "invalid token"))
	}
	return nil
}

// accountOf names the account of the request's token; "" when the request
// carries none of the tokens.
func (s *Server) accountOf(r *http.Request) string {
	token, rep := bearerToken(r)
	if rep != nil || !s.accepted[AccountID(token)] {
		return ""
	}
	return AccountID(token)
}

// checkCall answers errno 13 for the wrong method, and for a POST without a
// JSON Content-Type (a charset parameter is fine).
func checkCall(r *http.Request, ep endpoint) *reply {
	if r.Method != ep.method {
		return ptr(errReply(ErrnoWrongCall, "%s needs %s, got %s", ep.name, ep.method, r.Method))
	}
	if ep.method != http.MethodPost {
		return nil
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return ptr(errReply(ErrnoWrongCall, "missing Content-Type (want application/json)"))
	}
	mediaType, _, err := mime.ParseMediaType(ct)
	if err != nil || mediaType != "application/json" {
		return ptr(errReply(ErrnoWrongCall, "Content-Type %q is not application/json", ct))
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
