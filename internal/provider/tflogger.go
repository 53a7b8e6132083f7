package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tfLogger sends the API client's logs to tflog. It also scrubs the token
// from anything it forwards, a second lock behind the client never logging it.
type tfLogger struct {
	secret string
}

func newTFLogger(secret string) tfLogger { return tfLogger{secret: secret} }

func (l tfLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, l.scrub(msg), l.scrubFields(fields))
}

func (l tfLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, l.scrub(msg), l.scrubFields(fields))
}

func (l tfLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(ctx, l.scrub(msg), l.scrubFields(fields))
}

func (l tfLogger) scrub(s string) string {
	if l.secret == "" {
		return s
	}
	return strings.ReplaceAll(s, l.secret, "***")
}

func (l tfLogger) scrubFields(fields map[string]any) map[string]any {
	out := make(map[string]any, len(fields))
	for key, value := range fields {
		switch v := value.(type) {
		case string:
			out[key] = l.scrub(v)
		case map[string]string:
			clean := make(map[string]string, len(v))
			for k, s := range v {
				clean[k] = l.scrub(s)
			}
			out[key] = clean
		default:
			out[key] = value
		}
	}
	return out
}
