package mockserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

const (
	tokenA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	tokenB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

// as sends the request with another token.
func as(token string, req *http.Request) *http.Request {
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

// TestTokensCannotReachEachOther: whatever B tries on A's image or job, the
// answer is the one for an image or job that does not exist, and A's image
// and job are as they were.
func TestTokensCannotReachEachOther(t *testing.T) {
	f := newFixture(t, Options{Token: tokenA, Tokens: []string{tokenB}, JobDuration: 10 * time.Second})
	mine := f.importOne("a-only") // as A, the first token
	f.clock.Advance(5 * time.Second)

	tests := []struct {
		name   string
		req    *http.Request
		errno  int
		detail string
	}{
		{"rename", f.newPost(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": mine.ResourceUUID, "name": "stolen"}}), openapi.ErrnoImageNotFound, "not found"},
		{"delete", f.newPost(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": mine.ResourceUUID}}), openapi.ErrnoImageNotFound, "not found"},
		{"delete in its region", f.newPost(pathDelete, map[string]any{"regionId": "gz", "cimg": map[string]string{"cimgUuid": mine.ResourceUUID}}), openapi.ErrnoImageNotFound, "not found"},
		{"copy it", f.newPost(pathImport, map[string]any{"regionId": "bj", "cimg": map[string]string{"name": "x", "originImageUuid": mine.ResourceUUID, "originRegionId": "gz"}}), openapi.ErrnoImageNotFound, "not found"},
		{"poll its job", httptest.NewRequest(http.MethodGet, pathResult+"?"+url.Values{"regionId": {"gz"}, "jobUuids": {mine.JobUUID}}.Encode(), nil), openapi.ErrnoInvalidParameter, "not found"},
		{"poll it with a job of its own", httptest.NewRequest(http.MethodGet, pathResult+"?"+url.Values{"regionId": {"gz"}, "jobUuids": {SeedJobGZ + "," + mine.JobUUID}}.Encode(), nil), openapi.ErrnoInvalidParameter, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := f.do(as(tokenB, tt.req))
			f.wantErrno(resp, tt.errno, tt.detail)
		})
	}

	var page listPage
	f.ok(f.do(as(tokenB, f.newPost(pathList, map[string]any{"regionId": "gz", "limit": 100}))), &page)
	for _, img := range page.Items {
		if img.CIMGUUID == mine.ResourceUUID || img.Name == "a-only" {
			t.Errorf("B lists A's image: %+v", img)
		}
	}
	if page.Count != 4 {
		t.Errorf("B sees %d images in gz, want the 4 seeded", page.Count)
	}
	if img, ok := f.listed("gz", mine.ResourceUUID); !ok || img.Name != "a-only" || img.Job == nil || img.Job.Progress != 50 {
		t.Errorf("A's image after B's attempts: %+v (listed %t)", img, ok)
	}
	f.clock.Advance(5 * time.Second)
	if job := f.job("gz", mine.JobUUID); !job.Success {
		t.Errorf("A's job after B's attempts: %+v", job)
	}
}

// TestEachTokenHasItsOwnSeed: the seeded images are every account's, and
// what one account does to its copy the other does not see.
func TestEachTokenHasItsOwnSeed(t *testing.T) {
	f := newFixture(t, Options{Token: tokenA, Tokens: []string{tokenB}, JobDuration: -1})
	var jobs []Job
	f.ok(f.do(as(tokenB, f.newPost(pathDelete, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZDelete}}))), &jobs)
	f.ok(f.do(as(tokenB, f.newPost(pathChangeName, map[string]any{"cimg": map[string]string{"cimgUuid": SeedImageGZ, "name": "b-name"}}))), nil)
	f.ok(f.do(as(tokenB, httptest.NewRequest(http.MethodGet, pathResult+"?regionId=gz&jobUuids="+jobs[0].JobUUID, nil))), nil)

	accB, ok := f.s.Account(AccountID(tokenB))
	if !ok {
		t.Fatal("no account for token B")
	}
	if _, ok := accB.Image(SeedImageGZDelete); ok {
		t.Error("B's delete did not happen")
	}
	if img, _ := accB.Image(SeedImageGZ); img.Name != "b-name" {
		t.Errorf("B's rename did not happen: %q", img.Name)
	}
	if img, ok := f.listed("gz", SeedImageGZDelete); !ok || img.Status != ImageStatusReady {
		t.Error("B's delete reached A's copy of the seeded image")
	}
	if img, _ := f.s.Image(SeedImageGZ); img.Name != SeedImageGZName {
		t.Errorf("B's rename reached A: %q", img.Name)
	}
	if got := f.job("gz", SeedJobGZ); !got.Success {
		t.Errorf("A's seeded job: %+v", got)
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name       string
		opts       Options
		wantTokens []string
	}{
		{"none", Options{}, []string{DefaultToken}},
		{"Token", Options{Token: tokenA}, []string{tokenA}},
		{"Tokens alone", Options{Tokens: []string{tokenB, tokenA}}, []string{tokenB, tokenA}},
		{"both, repeated", Options{Token: tokenA, Tokens: []string{tokenB, tokenA, tokenB}}, []string{tokenA, tokenB}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(tt.opts)
			if got := s.Tokens(); strings.Join(got, ",") != strings.Join(tt.wantTokens, ",") || s.Token() != tt.wantTokens[0] {
				t.Errorf("Tokens() = %v, Token() = %s, want %v", got, s.Token(), tt.wantTokens)
			}
			ids := s.AccountIDs()
			for i, token := range tt.wantTokens {
				if ids[i] != AccountID(token) {
					t.Errorf("AccountIDs()[%d] = %s, want %s", i, ids[i], AccountID(token))
				}
			}
		})
	}
	if AccountID(tokenA) == AccountID(tokenB) || len(AccountID(tokenA)) != 16 || strings.Contains(AccountID(tokenA), "aaaa") {
		t.Errorf("AccountID: %s %s", AccountID(tokenA), AccountID(tokenB))
	}
	func() {
		defer func() {
			if r, _ := recover().(string); !strings.Contains(r, "empty token") {
				t.Errorf("an empty token: %q", r)
			}
		}()
		New(Options{Tokens: []string{""}})
	}()
}

func TestAdminTakesTheAccount(t *testing.T) {
	f := newFixture(t, Options{Token: tokenA, Tokens: []string{tokenB}, JobDuration: time.Hour})
	idB := AccountID(tokenB)
	var jobs []Job
	f.ok(f.do(as(tokenB, f.newPost(pathImport, map[string]any{"regionId": "gz", "cimg": map[string]string{"name": "b-image", "originImageUuid": SeedImageBJ, "originRegionId": "bj"}}))), &jobs)
	imgB, jobB := jobs[0].ResourceUUID, jobs[0].JobUUID

	admin := func(method, path, body string) response {
		t.Helper()
		return f.do(httptest.NewRequest(method, path, strings.NewReader(body)))
	}
	tests := []struct {
		name, method, path, body string
		status                   int
	}{
		{"A's images lack B's", http.MethodGet, "/_mock/images?regionId=gz", "", 200},
		{"rename B's image as A", http.MethodPost, "/_mock/images/rename", `{"cimgUuid":"` + imgB + `","name":"x"}`, 404},
		{"fail B's job as A", http.MethodPost, "/_mock/jobs/fail", `{"jobUuid":"` + jobB + `"}`, 404},
		{"an unknown account", http.MethodGet, "/_mock/images?account=0123456789abcdef", "", 404},
		{"an unknown account's reset", http.MethodPost, "/_mock/reset?account=0123456789abcdef", "", 404},
		{"rename B's image as B", http.MethodPost, "/_mock/images/rename?account=" + idB, `{"cimgUuid":"` + imgB + `","name":"renamed-by-admin"}`, 200},
		{"fail B's job as B", http.MethodPost, "/_mock/jobs/fail?account=" + idB, `{"jobUuid":"` + jobB + `","result":"boom"}`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if resp := admin(tt.method, tt.path, tt.body); resp.Status != tt.status {
				t.Errorf("HTTP %d, want %d: %s", resp.Status, tt.status, resp.Body)
			}
		})
	}

	var imgs []Image
	if err := json.Unmarshal(admin(http.MethodGet, "/_mock/images?regionId=gz&account="+idB, "").Body, &imgs); err != nil || len(imgs) != 5 || imgs[4].Name != "renamed-by-admin" || imgs[4].Status != cloud.ImageStatusFailed {
		t.Errorf("B's images: %v %+v", err, imgs)
	}
	type accountInfo struct {
		Account     string `json:"account"`
		Token       bool   `json:"token"`
		Images      int    `json:"images"`
		Jobs        int    `json:"jobs"`
		RunningJobs int    `json:"runningJobs"`
	}
	var infos []accountInfo
	if err := json.Unmarshal(admin(http.MethodGet, "/_mock/accounts", "").Body, &infos); err != nil || len(infos) != 2 ||
		infos[0] != (accountInfo{Account: AccountID(tokenA), Token: true, Images: 7, Jobs: 1}) ||
		infos[1] != (accountInfo{Account: idB, Token: true, Images: 8, Jobs: 2}) {
		t.Errorf("accounts: %v %+v", err, infos)
	}
	var reqs []RequestRecord
	if err := json.Unmarshal(admin(http.MethodGet, "/_mock/requests?account="+idB, "").Body, &reqs); err != nil || len(reqs) != 1 || reqs[0].Account != idB {
		t.Errorf("B's requests: %v %+v", err, reqs)
	}

	f.importOne("a-image")
	if resp := admin(http.MethodPost, "/_mock/reset?account="+idB, ""); resp.Status != 200 {
		t.Fatalf("reset B: HTTP %d", resp.Status)
	}
	if acc, _ := f.s.Account(idB); len(acc.Images("")) != 7 {
		t.Errorf("B after its reset: %d images, want the 7 seeded", len(acc.Images("")))
	}
	if n := len(f.s.Images("")); n != 8 {
		t.Errorf("B's reset reached A: %d images, want 8", n)
	}
	if len(f.s.Requests()) == 0 {
		t.Error("an account's reset cleared the request log")
	}
}
