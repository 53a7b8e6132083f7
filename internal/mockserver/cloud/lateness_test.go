package cloud

import (
	"strings"
	"testing"
	"time"
)

func TestLatenessValidate(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		wantErr string
	}{
		{"zero lag", ValidateLag("listing lag", 0), ""},
		{"positive lag", ValidateLag("listing lag", time.Second), ""},
		{"negative lag", ValidateLag("listing lag", -time.Second), "listing lag -1s is negative"},
		{"omit", JobResultLagOmit.Validate(), ""},
		{"errno", JobResultLagErrno.Validate(), ""},
		{"empty mode", JobResultLagMode("").Validate(), `unknown JobResult lag mode ""`},
		{"unknown mode", JobResultLagMode("drop").Validate(), `unknown JobResult lag mode "drop" (want one of [omit errno])`},
	}
	for _, tt := range tests {
		if (tt.err == nil) != (tt.wantErr == "") || (tt.err != nil && !strings.Contains(tt.err.Error(), tt.wantErr)) {
			t.Errorf("%s: %v, want an error containing %q", tt.name, tt.err, tt.wantErr)
		}
	}
}
