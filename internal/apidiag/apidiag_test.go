package apidiag_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

func TestDetail_saysWhatToDoNext(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("connect: connection refused")}
	cases := []struct {
		name string
		err  error
		want []string
	}{
		{"rejected token", &didiyun.APIError{Operation: "ListCIMG", Errno: 4, Errmsg: "认证错误", RequestID: "r1"},
			[]string{"errno 4", "requestId r1", "DIDIYUN_TOKEN"}},
		{"arrears", &didiyun.APIError{Operation: "ImportCIMG", Errno: 1000011, RequestID: "r2"}, []string{"Top it up"}},
		{"unknown origin image", &didiyun.APIError{Operation: "ImportCIMG", Errno: 41026}, []string{"not a shared image"}},
		{"image query failed on a delete", &didiyun.APIError{Operation: "DeleteCIMG", Errno: 41026}, []string{"does not mean it is gone", "stays in state"}},
		{"unreachable endpoint", &didiyun.AttemptsError{Operation: "ListCIMG", Attempts: 3, Err: refused},
			[]string{"3 attempts", "DIDIYUN_ENDPOINT"}},
		{"throttled", &didiyun.ResponseError{Operation: "ListCIMG", HTTPStatus: 429, Reason: "the answer is not JSON"},
			[]string{"HTTP 429", "max_retries"}},
		{"name taken", &didiyun.NameTakenError{RegionID: "gz", Name: "web", UUIDs: []string{"u1"}},
			[]string{"terraform import <address> gz/u1"}},
		{"timeout", fmt.Errorf("WaitJob: %w", context.DeadlineExceeded), []string{"`timeouts` block"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			detail := apidiag.Detail(c.err)
			for _, want := range c.want {
				if !strings.Contains(detail, want) {
					t.Errorf("detail %q lacks %q", detail, want)
				}
			}
		})
	}
	if detail := apidiag.Detail(&didiyun.APIError{Errno: 41026}); strings.Contains(detail, "endpoint") {
		t.Errorf("an API answer is not a connection problem: %q", detail)
	}
}
