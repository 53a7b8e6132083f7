package mockserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// lockedBuffer is a Journal the test can read while the mock writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) lines(t *testing.T) []journalLine {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var lines []journalLine
	sc := bufio.NewScanner(bytes.NewReader(b.buf.Bytes()))
	for sc.Scan() {
		var line journalLine
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&line); err != nil {
			t.Fatalf("journal line %q: %v", sc.Text(), err)
		}
		lines = append(lines, line)
	}
	return lines
}

func TestJournal(t *testing.T) {
	var journal lockedBuffer
	f := newFixture(t, Options{Token: tokenA, Tokens: []string{tokenB}, Journal: &journal})
	f.s.SetFaults(FaultRule{Endpoint: EndpointDeleteCIMG, Kind: FaultHTTP500, Probability: 1})

	unauthorised := f.newPost(pathList, `{}`)
	unauthorised.Header.Set("Authorization", "Bearer not-a-token")
	requests := []struct {
		req  *http.Request
		want journalLine
	}{
		{f.newPost(pathImport, map[string]any{"regionId": "gz", "cimg": map[string]string{"name": "journaled", "originImageUuid": SeedImageBJ, "originRegionId": "bj"}}),
			journalLine{Account: AccountID(tokenA), Action: EndpointImportCIMG, RegionID: "gz", Status: 200}},
		{as(tokenB, f.newPost(pathList, map[string]any{"regionId": "bj", "limit": 1, "condition": map[string]any{"names": []string{tokenB}}})),
			journalLine{Account: AccountID(tokenB), Action: EndpointListCIMG, RegionID: "bj", Status: 200}},
		{f.newPost(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZ}}),
			journalLine{Account: AccountID(tokenA), Action: EndpointDeleteCIMG, Status: 500, Fault: "http500"}},
		{unauthorised, journalLine{Action: EndpointListCIMG, Status: 200, Errno: openapi.ErrnoAuthFailed}},
		{httptest.NewRequest(http.MethodGet, "/nowhere?token="+tokenA, nil), journalLine{Status: 404, Errno: openapi.ErrnoWrongCall}},
		{httptest.NewRequest(http.MethodGet, "/_mock/counters", nil), journalLine{}}, // admin: not journaled
	}
	for _, r := range requests {
		f.do(r.req)
	}

	lines := journal.lines(t)
	if len(lines) != len(requests)-1 {
		t.Fatalf("%d journal lines for %d API requests:\n%s", len(lines), len(requests)-1, journal.buf.String())
	}
	for i, line := range lines {
		want := requests[i].want
		if line.Account != want.Account || line.Action != want.Action || line.RegionID != want.RegionID || line.Status != want.Status ||
			line.Errno != want.Errno || line.Fault != want.Fault || line.Time.IsZero() || line.DurationMs < 0 || !hex32.MatchString(line.RequestID) {
			t.Errorf("line %d = %+v, want %+v", i, line, want)
		}
	}
	if !strings.Contains(string(lines[0].Body), `"name":"journaled"`) {
		t.Errorf("the import's body is missing: %s", lines[0].Body)
	}
	for _, token := range []string{tokenA, tokenB} {
		if strings.Contains(journal.buf.String(), token) {
			t.Errorf("the journal holds a token:\n%s", journal.buf.String())
		}
	}
	if !strings.Contains(string(lines[1].Body), redactedToken) || !strings.Contains(lines[4].Query, redactedToken) {
		t.Errorf("a token in a body or query is not blanked: %s %s", lines[1].Body, lines[4].Query)
	}
}
