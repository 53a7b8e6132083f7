package provider

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

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

// Shared gives work done for many callers an id of its own in place of the
// request id and RPC of the caller that started it.
func (l tfLogger) Shared(ctx context.Context, work string) context.Context {
	ctx = tflog.SetField(ctx, "tf_req_id", fmt.Sprintf("shared-%d", sharedWork.Add(1)))
	ctx = tflog.SetField(ctx, "tf_rpc", work)
	return tflog.SetField(ctx, "tf_resource_type", "")
}

// sharedWork numbers the shared work of this provider process.
var sharedWork atomic.Int64

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
