package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// Work shared by many callers logs with an id of its own, never the request
// id of the caller that started it.
func TestTFLogger_sharedWorkHasItsOwnRequestID(t *testing.T) {
	var out bytes.Buffer
	caller := tflog.SetField(tflogtest.RootLogger(context.Background(), &out), "tf_req_id", "caller-1")
	l := newTFLogger("secret")
	l.Debug(l.Shared(caller, "JobResult poll of region gz"), "polled", nil)
	logged := out.String()
	if strings.Contains(logged, "caller-1") || !strings.Contains(logged, `"tf_req_id":"shared-`) ||
		!strings.Contains(logged, `"tf_rpc":"JobResult poll of region gz"`) {
		t.Errorf("shared work logged as %s", logged)
	}
}
