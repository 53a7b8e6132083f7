package openapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestReplyEncode: every answer is the docs' envelope; data is [] unless a
// fault asks for null; errmsg is the docs' message, then the detail.
func TestReplyEncode(t *testing.T) {
	tests := []struct {
		name  string
		reply Reply
		want  string
	}{
		{"ok without data sends an empty array", okReply(nil), `{"errno":0,"errmsg":"ok","requestId":"r1","data":[]}`},
		{"null data on request", NullData(), `{"errno":0,"errmsg":"ok","requestId":"r1","data":null}`},
		{"detail after the docs' message", ErrReply(ErrnoWrongCall, "unknown path %s", "/x"),
			`{"errno":13,"errmsg":"调用方式有点小问题，请反馈客服: unknown path /x","requestId":"r1","data":[]}`},
		{"a code the table lacks", ErrReply(99, ""), `{"errno":99,"errmsg":"未知错误","requestId":"r1","data":[]}`},
		{"names are not HTML-escaped", okReply(map[string]string{"name": "<a&b>"}),
			`{"errno":0,"errmsg":"ok","requestId":"r1","data":{"name":"<a&b>"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.TrimSpace(string(tt.reply.Encode("r1"))); got != tt.want {
				t.Errorf("Encode =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestOneOrMany: a field the docs' tables call an array and their examples
// send as one object decodes from either.
func TestOneOrMany(t *testing.T) {
	type item struct {
		ID string `json:"id"`
	}
	tests := []struct {
		body    string
		want    []string
		wantErr bool
	}{
		{body: `{"id":"a"}`, want: []string{"a"}},
		{body: `[{"id":"a"},{"id":"b"}]`, want: []string{"a", "b"}},
		{body: ` [ ] `, want: []string{}},
		{body: `null`, want: nil},
		{body: `"a"`, wantErr: true},
		{body: `{"id":1}`, wantErr: true},
	}
	for _, tt := range tests {
		var got oneOrMany[item]
		err := json.Unmarshal([]byte(tt.body), &got)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: error %v, want error %v", tt.body, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		if (got == nil) != (tt.want == nil) || len(got) != len(tt.want) {
			t.Errorf("%s: got %+v, want ids %v", tt.body, got, tt.want)
			continue
		}
		for i := range got {
			if got[i].ID != tt.want[i] {
				t.Errorf("%s: item %d is %q, want %q", tt.body, i, got[i].ID, tt.want[i])
			}
		}
	}
}

// TestCallDecode: an empty body counts as {}, so the handler names the
// missing field; a malformed one is errno 1.
func TestCallDecode(t *testing.T) {
	for _, body := range []string{"", " \n\t"} {
		v := struct{ RegionID string }{RegionID: "kept"}
		if rep := (&call{Call: &Call{Body: []byte(body)}}).decode(&v); rep != nil || v.RegionID != "kept" {
			t.Errorf("body %q: reply %+v, value %+v; want no reply and the value untouched", body, rep, v)
		}
	}
	var v struct{ Limit int }
	rep := (&call{Call: &Call{Body: []byte(`{"limit":"ten"}`)}}).decode(&v)
	if rep == nil || rep.Errno != ErrnoInvalidParameter || !strings.Contains(rep.detail, "malformed JSON body") {
		t.Errorf("reply %+v, want errno 1 saying malformed JSON body", rep)
	}
}

// TestRequestedRegion reads the region a request named, for the log, from
// a GET's query or a POST's body, without judging the request.
func TestRequestedRegion(t *testing.T) {
	tests := []struct {
		name   string
		method string
		target string
		body   string
		want   string
	}{
		{"GET query", http.MethodGet, "/dicloud/i/result?regionId=gz&jobUuids=a", "", "gz"},
		{"GET ignores the body", http.MethodGet, "/dicloud/i/result", `{"regionId":"bj"}`, ""},
		{"POST body", http.MethodPost, "/dicloud/i/storage/cimg/list?regionId=bj", `{"regionId":"gz"}`, "gz"},
		{"POST with a broken body", http.MethodPost, "/dicloud/i/storage/cimg/list", `{"regionId":`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			if got := RequestedRegion(r, []byte(tt.body)); got != tt.want {
				t.Errorf("RequestedRegion = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRoutes: every endpoint is known by its name and accepts POST but for
// JobResult, a GET; a name or path of no endpoint is unknown.
func TestRoutes(t *testing.T) {
	if len(routes) != 7 {
		t.Errorf("%d routes, want the 7 endpoints", len(routes))
	}
	for path, ep := range routes {
		got, ok := Route(path)
		if !ok || got.Name != ep.Name || !KnownEndpoint(ep.Name) {
			t.Errorf("%s: Route = %+v, %v; KnownEndpoint(%q) = %v", path, got, ok, ep.Name, KnownEndpoint(ep.Name))
		}
		want := http.MethodPost
		if ep.Name == EndpointJobResult {
			want = http.MethodGet
		}
		if ep.Method != want {
			t.Errorf("%s accepts %s, want %s", ep.Name, ep.Method, want)
		}
	}
	if _, ok := Route("/dicloud/i/storage/cimg/nope"); ok {
		t.Error("an unknown path has a route")
	}
	if KnownEndpoint("DescribeCIMG") || KnownEndpoint("") {
		t.Error("a name of no endpoint is known")
	}
}
