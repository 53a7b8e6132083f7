package didiyun

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// envelope is the shape of every DiDi answer.
type envelope struct {
	Errno     *int            `json:"errno"`
	Errmsg    string          `json:"errmsg"`
	RequestID string          `json:"requestId"`
	Data      json.RawMessage `json:"data"`
}

// decodeEnvelope turns a raw answer into its data, an *APIError or a
// *ResponseError. It never panics on any input.
func decodeEnvelope(opName string, status int, contentType string, body []byte) (*envelope, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil || env.Errno == nil {
		reason, notEnvelope := "the answer is not a DiDi API envelope", true
		switch {
		case len(bytes.TrimSpace(body)) == 0:
			reason, notEnvelope = "the answer has an empty body", false
		case err != nil && looksLikeJSON(body):
			reason, notEnvelope = "the answer is truncated or malformed JSON", false
		case err != nil:
			reason = "the answer is not JSON"
		}
		return nil, &ResponseError{
			Operation:   opName,
			HTTPStatus:  status,
			ContentType: contentType,
			Snippet:     snippet(body),
			Reason:      reason,
			NotEnvelope: notEnvelope,
		}
	}
	if *env.Errno != 0 {
		return &env, &APIError{
			Operation:  opName,
			Errno:      *env.Errno,
			Errmsg:     env.Errmsg,
			RequestID:  env.RequestID,
			HTTPStatus: status,
		}
	}
	if status < 200 || status > 299 {
		return &env, &ResponseError{Operation: opName, HTTPStatus: status, ContentType: contentType,
			Reason: "errno 0 came with a non-success HTTP status", Snippet: snippet(body)}
	}
	return &env, nil
}

func looksLikeJSON(body []byte) bool {
	trimmed := bytes.TrimSpace(body)
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
}

// snippet keeps error messages short and printable.
func snippet(body []byte) string {
	const maxLen = 120
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > maxLen {
		s = s[:maxLen]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

func isNullData(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null"))
}
