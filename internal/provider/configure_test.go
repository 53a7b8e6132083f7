package provider

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/paging"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// configureWith runs Configure on a provider block of the given string
// arguments, the rest left out, as Terraform would.
func configureWith(t *testing.T, args map[string]string) provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := &didiyunProvider{version: "test", tuneClient: func(opts *conns.Options) {
		opts.API.RetryWaitMin, opts.API.RetryWaitMax = time.Millisecond, 10*time.Millisecond
	}}
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	objectType := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, typ := range objectType.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
		if v, ok := args[name]; ok {
			values[name] = tftypes.NewValue(tftypes.String, v)
		}
	}
	req := provider.ConfigureRequest{
		TerraformVersion: "1.5.7",
		Config:           tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objectType, values)},
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, req, &resp)
	return resp
}

// Every problem with the token or the region is reported at configure time,
// says where the value came from, and never shows the token.
func TestConfigure_namesWhereValuesCameFrom(t *testing.T) {
	mock := mockserver.New(mockserver.Options{})
	server := httptest.NewServer(mock)
	t.Cleanup(server.Close)
	token := mock.Token()

	cases := []struct {
		name string
		env  map[string]string
		args map[string]string
		// want are in the one error's summary and detail; "" means no error.
		want []string
		// requests is how many requests the mock may have received.
		requests int
	}{
		{name: "trailing newline is trimmed", env: map[string]string{envToken: token + "\n"}, requests: 1},
		{name: "surrounding spaces are trimmed", args: map[string]string{"token": "  " + token + "\t"}, requests: 1},
		{name: "two tokens pasted together", env: map[string]string{envToken: token + "\n" + token},
			want: []string{"Invalid DiDi Cloud API Token", "the DIDIYUN_TOKEN environment variable", "a line break at character 65 of 129"}},
		{name: "a space inside", args: map[string]string{"token": token[:10] + " " + token[10:]},
			want: []string{"Invalid DiDi Cloud API Token", "`token` in the provider block", "a space at character 11"}},
		{name: "blank token variable", env: map[string]string{envToken: " \n"},
			want: []string{"Blank DiDi Cloud API Token", "DIDIYUN_TOKEN"}},
		{name: "wrong fallback token", env: map[string]string{envTokenFallback: strings.Repeat("0", 64)},
			want: []string{"DiDi Cloud Rejected the API Token", "errno 4",
				"rejected the token from the DIDIYUN_ACCESS_TOKEN environment variable (read because DIDIYUN_TOKEN is unset)"},
			requests: 1},
		{name: "region variable in capitals", env: map[string]string{envToken: token, envRegion: "GZ"},
			want: []string{"Invalid DiDi Cloud Region", `the DIDIYUN_REGION environment variable is "GZ"`, "lowercase"}},
		{name: "region variable with a trailing space", env: map[string]string{envToken: token, envRegion: "gz "},
			want: []string{"Invalid DiDi Cloud Region", `the DIDIYUN_REGION environment variable is "gz "`}},
		{name: "region variable not offered", env: map[string]string{envToken: token, envRegion: "sh"},
			want: []string{"Unknown DiDi Cloud Region", `"sh" from the DIDIYUN_REGION environment variable`, "gz, bj"}, requests: 1},
		{name: "region argument not offered", env: map[string]string{envToken: token}, args: map[string]string{"region": "sh"},
			want: []string{"Unknown DiDi Cloud Region", `"sh" from ` + "`region` in the provider block"}, requests: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, name := range []string{envToken, envTokenFallback, envRegion, envEndpoint} {
				t.Setenv(name, c.env[name])
			}
			if _, ok := c.env[envRegion]; !ok {
				t.Setenv(envRegion, "gz")
			}
			t.Setenv(envEndpoint, server.URL)
			mock.Reset()
			resp := configureWith(t, c.args)

			if n := len(mock.Requests()); n > c.requests {
				t.Errorf("configure sent %d requests, want at most %d", n, c.requests)
			}
			if len(c.want) == 0 {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected error: %v", resp.Diagnostics)
				}
				meta, ok := resp.ResourceData.(*conns.Meta)
				if !ok || meta == nil {
					t.Fatal("no provider data")
				}
				// The trimmed token works: a listing answers.
				if _, err := paging.All(context.Background(), meta.Client, "gz"); err != nil {
					t.Errorf("the configured client fails: %v", err)
				}
				return
			}
			errs := resp.Diagnostics.Errors()
			if len(errs) != 1 {
				t.Fatalf("%d errors, want 1: %v", len(errs), resp.Diagnostics)
			}
			text := errs[0].Summary() + "\n" + errs[0].Detail()
			for _, want := range c.want {
				if !strings.Contains(text, want) {
					t.Errorf("error lacks %q:\n%s", want, text)
				}
			}
			// Any long piece of it counts: a token with a space inside would
			// show as two halves.
			if strings.Contains(text, token[:16]) || strings.Contains(text, token[len(token)-16:]) || strings.Contains(text, strings.Repeat("0", 64)) {
				t.Errorf("the error shows the token:\n%s", text)
			}
			if strings.Contains(strings.ToLower(text), "endpoint") {
				t.Errorf("the error is about the endpoint:\n%s", text)
			}
		})
	}
}

// An endpoint with no DiDi Cloud API behind it fails at configure time,
// naming the endpoint and where it came from, so a plan that could check
// nothing never passes: a refused connection, an HTTP 404 that is not an API
// answer (a wrong base path), and https:// against a plain-HTTP server. No
// wait mends these, so the probe asks once: the request count stands for the
// wall time the test does not measure.
func TestConfigure_unreachableAPIFailsTheConfigure(t *testing.T) {
	notAPI, notAPIConns := countingServer(t, http.NotFoundHandler())
	plain, plainConns := countingServer(t, http.NotFoundHandler())
	mock, mockConns := countingServer(t, mockserver.New(mockserver.Options{}))
	for name, c := range map[string]struct {
		endpoint string
		conns    *atomic.Int64 // nil: nothing listens
	}{
		"refused":     {endpoint: "http://127.0.0.1:1"},
		"not the API": {endpoint: notAPI.URL + "/dicloud", conns: notAPIConns},
		"TLS":         {endpoint: strings.Replace(plain.URL, "http://", "https://", 1), conns: plainConns},
		// The API answers its own envelope: HTTP 404, errno 13, unknown path.
		"wrong base path": {endpoint: mock.URL + "/v1", conns: mockConns},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(envToken, "t")
			t.Setenv(envTokenFallback, "")
			t.Setenv(envRegion, "gz")
			t.Setenv(envEndpoint, c.endpoint)
			if c.conns != nil {
				c.conns.Store(0)
			}
			resp := configureWith(t, nil)
			if !resp.Diagnostics.HasError() {
				t.Fatal("configure passed with no API behind the endpoint")
			}
			text := fmt.Sprint(resp.Diagnostics)
			for _, want := range []string{"DiDi Cloud API Not Reachable", c.endpoint, "DIDIYUN_ENDPOINT"} {
				if !strings.Contains(text, want) {
					t.Errorf("the error lacks %q:\n%s", want, text)
				}
			}
			if c.conns != nil {
				if n := c.conns.Load(); n != 1 {
					t.Errorf("the probe asked %d times, want once: nothing mends this endpoint", n)
				}
			}
		})
	}
}

// countingServer serves handler on a new connection per request, counting
// the requests that reach it (a TLS handshake against it included).
func countingServer(t *testing.T, handler http.Handler) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	server := httptest.NewUnstartedServer(handler)
	server.Config.SetKeepAlivesEnabled(false)
	server.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			n.Add(1)
		}
	}
	server.Start()
	t.Cleanup(server.Close)
	return server, &n
}

// Only a loopback host may get the token over plain http:// without a warning.
func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "127.0.0.1": true, "127.8.9.1": true, "::1": true,
		"example.com": false, "10.0.0.1": false, "192.168.1.2": false, "::2": false, "": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}
