package mockserver

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

func TestEnvelopeShape(t *testing.T) {
	f := newFixture(t, Options{})
	resp := f.post(pathRegions, `{"condition":{"product":"dc2"}}`)
	f.ok(resp, nil)
	if !hex32.MatchString(resp.Env.RequestID) {
		t.Errorf("requestId %q is not 32 lowercase hex", resp.Env.RequestID)
	}
	if resp.Env.Errmsg != "ok" {
		t.Errorf("errmsg = %q, want ok", resp.Env.Errmsg)
	}
	for _, key := range []string{`"errno":`, `"errmsg":`, `"requestId":`, `"data":`} {
		if !bytes.Contains(resp.Body, []byte(key)) {
			t.Errorf("body lacks %s: %s", key, resp.Body)
		}
	}
	again := f.post(pathRegions, `{"condition":{"product":"dc2"}}`)
	if again.Env.RequestID == resp.Env.RequestID {
		t.Errorf("two requests got the same requestId %s", resp.Env.RequestID)
	}
}

func TestAuth(t *testing.T) {
	tests := []struct {
		name   string
		header string
		errno  int
	}{
		{"missing", "", openapi.ErrnoAuthFailed},
		{"wrong token", "Bearer 9a609744ad675e8fbfcdbf14511b24e6ddd6b427b4d256969534a81d0773f4d7", openapi.ErrnoAuthFailed},
		{"not bearer", "Basic " + DefaultToken, openapi.ErrnoAuthFailed},
		{"token without scheme", DefaultToken, openapi.ErrnoAuthFailed},
		{"bearer", "Bearer " + DefaultToken, openapi.ErrnoOK},
		{"lower-case scheme", "bearer " + DefaultToken, openapi.ErrnoOK},
		{"upper-case scheme", "BEARER " + DefaultToken, openapi.ErrnoOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			req := f.newPost(pathRegions, `{"condition":{"product":"dc2"}}`)
			req.Header.Del("Authorization")
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			resp := f.do(req)
			if resp.Status != http.StatusOK {
				t.Errorf("HTTP %d, want 200 (errno errors ride on HTTP 200)", resp.Status)
			}
			if tt.errno == openapi.ErrnoOK {
				f.ok(resp, nil)
				return
			}
			f.wantErrno(resp, tt.errno, "")
		})
	}
}

func TestCustomToken(t *testing.T) {
	f := newFixture(t, Options{Token: "abc123"})
	f.ok(f.post(pathRegions, `{"condition":{"product":"dc2"}}`), nil)
	req := f.newPost(pathRegions, `{"condition":{"product":"dc2"}}`)
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	f.wantErrno(f.do(req), openapi.ErrnoAuthFailed, "invalid token")
}

func TestWrongCall(t *testing.T) {
	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		wantStatus  int
		wantErrno   int
	}{
		{"GET on a POST endpoint", http.MethodGet, pathList, "", 200, openapi.ErrnoWrongCall},
		{"POST on JobResult", http.MethodPost, pathResult, "application/json", 200, openapi.ErrnoWrongCall},
		{"PUT", http.MethodPut, pathImport, "application/json", 200, openapi.ErrnoWrongCall},
		{"missing Content-Type", http.MethodPost, pathRegions, "", 200, openapi.ErrnoWrongCall},
		{"form Content-Type", http.MethodPost, pathRegions, "application/x-www-form-urlencoded", 200, openapi.ErrnoWrongCall},
		{"JSON with charset", http.MethodPost, pathRegions, "application/json; charset=utf-8", 200, openapi.ErrnoOK},
		{"JSON upper case", http.MethodPost, pathRegions, "Application/JSON", 200, openapi.ErrnoOK},
		{"unknown path", http.MethodPost, "/dicloud/i/storage/cimg/nope", "application/json", 404, openapi.ErrnoWrongCall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(`{"condition":{"product":"dc2"}}`))
			req.Header.Set("Authorization", "Bearer "+DefaultToken)
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp := f.do(req)
			if resp.Status != tt.wantStatus {
				t.Errorf("HTTP %d, want %d", resp.Status, tt.wantStatus)
			}
			if tt.wantErrno == openapi.ErrnoOK {
				f.ok(resp, nil)
				return
			}
			f.wantErrno(resp, tt.wantErrno, "")
		})
	}
}

func TestMalformedJSON(t *testing.T) {
	f := newFixture(t, Options{})
	f.wantErrno(f.post(pathList, `{"regionId":`), openapi.ErrnoInvalidParameter, "malformed JSON")
	f.wantErrno(f.post(pathList, `{"regionId":"gz","limit":"ten"}`), openapi.ErrnoInvalidParameter, "malformed JSON")
	f.wantErrno(f.post(pathImport, `{"cimg":"x"}`), openapi.ErrnoInvalidParameter, "malformed JSON")
}

func TestUnknownFieldsIgnored(t *testing.T) {
	f := newFixture(t, Options{})
	page := f.list(map[string]any{"regionId": "bj", "limit": 10, "zoneId": "bj01", "somethingNew": true})
	if page.Count != 3 {
		t.Errorf("count = %d, want the 3 seeded bj images", page.Count)
	}
}

func TestRequiredFields(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		body   string
		errno  int
		detail string
	}{
		{"import without cimg", pathImport, `{"regionId":"gz"}`, 1, "cimg is required"},
		{"import empty cimg", pathImport, `{"regionId":"gz","cimg":[]}`, 1, "cimg is required"},
		{"import blank name", pathImport, `{"cimg":[{"name":"  ","originImageUuid":"` + SeedImageBJ + `","originRegionId":"bj"}]}`, 1, "cimg[0].name is required"},
		{"import second item without uuid", pathImport, `{"cimg":[{"name":"a","originImageUuid":"` + SeedImageBJ + `","originRegionId":"bj"},{"name":"b","originRegionId":"bj"}]}`, 1, "cimg[1].originImageUuid is required"},
		{"import without origin region", pathImport, `{"cimg":{"name":"a","originImageUuid":"` + SeedImageBJ + `"}}`, 1, "cimg[0].originRegionId is required"},
		{"import unknown target region", pathImport, `{"regionId":"sh","cimg":{"name":"a","originImageUuid":"` + SeedImageBJ + `","originRegionId":"bj"}}`, 1, `unknown regionId "sh"`},
		{"import unknown origin region", pathImport, `{"cimg":{"name":"a","originImageUuid":"` + SeedImageBJ + `","originRegionId":"sh"}}`, 1, `unknown region "sh"`},
		{"import into its own region", pathImport, `{"regionId":"bj","cimg":{"name":"a","originImageUuid":"` + SeedImageBJ + `","originRegionId":"bj"}}`, 1, "is the target region"},
		{"create without snapUuid", pathCreate, `{"cimg":{"name":"a"}}`, 1, "cimg[0].snapUuid is required"},
		{"create without name", pathCreate, `{"cimg":{"snapUuid":"` + SeedSnapshotGZ + `"}}`, 1, "cimg[0].name is required"},
		{"list without region", pathList, `{"limit":10}`, 1, "regionId is required"},
		{"list unknown region", pathList, `{"regionId":"sh","limit":10}`, 1, `unknown regionId "sh"`},
		{"list without limit", pathList, `{"regionId":"gz"}`, 1, "limit is required"},
		{"list zero limit", pathList, `{"regionId":"gz","limit":0}`, 1, "limit is required"},
		{"list negative start", pathList, `{"regionId":"gz","limit":1,"start":-1}`, 1, "start must be"},
		{"rename without name", pathChangeName, `{"cimg":[{"cimgUuid":"` + SeedImageGZ + `"}]}`, 1, "cimg[0].name is required"},
		{"rename without uuid", pathChangeName, `{"cimg":[{"name":"x"}]}`, 1, "cimg[0].cimgUuid is required"},
		{"rename twice in one call", pathChangeName, `{"cimg":[{"cimgUuid":"` + SeedImageGZ + `","name":"x"},{"cimgUuid":"` + SeedImageGZ + `","name":"y"}]}`, 1, "appears twice"},
		{"rename unknown region", pathChangeName, `{"regionId":"sh","cimg":[{"cimgUuid":"` + SeedImageGZ + `","name":"x"}]}`, 1, `unknown regionId "sh"`},
		{"delete without uuid", pathDelete, `{"cimg":[{}]}`, 1, "cimg[0].cimgUuid is required"},
		{"delete without cimg", pathDelete, `{}`, 1, "cimg is required"},
		{"regions without condition", pathRegions, `{}`, 1, "condition is required"},
		{"regions empty body", pathRegions, ``, 1, "condition is required"},
		{"regions without product", pathRegions, `{"condition":{}}`, 1, "condition.product is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{})
			before := f.s.Images("")
			f.wantErrno(f.post(tt.path, tt.body), tt.errno, tt.detail)
			if after := f.s.Images(""); len(after) != len(before) {
				t.Errorf("a rejected request changed the images: %d before, %d after", len(before), len(after))
			}
		})
	}
}

// TestOfficialExamples sends the docs' curl examples verbatim (token swapped)
// and expects errno 0 and the documented shapes.
func TestOfficialExamples(t *testing.T) {
	f := newFixture(t, Options{})

	var imported []Job
	f.ok(f.post(pathImport, `{
    "cimg":{
        "name":"openapi自定义镜像跨地域",
        "originImageUuid":"4a48f88391134a01befe88ff98b68af8",
        "originRegionId":"bj",
        "description":"openapi测试"
    }
}`), &imported)
	if imported[0].Type != "ImportCIMG" || imported[0].Status != "Processing" || imported[0].ResourceType != "cimg" {
		t.Errorf("import job = %+v", imported[0])
	}

	var created []Job
	f.ok(f.post(pathCreate, `{
    	"cimg":{
        "name":"openapi自定义镜像",
        "snapUuid":"3fd352092a3f553cb124223f6a7f09b4",
        "description":"测试自定义镜像"
    		}
}`), &created)

	var renamed []Job
	f.ok(f.post(pathChangeName, `{
    "cimg":[
        {"cimgUuid":"cbdba09c4ad4475f9f3d399947aaa99e",
         "name":"openapi自定义镜像修改名称_test"}
    ]
}`), &renamed)
	if renamed[0].ResourceUUID != SeedImageGZ || renamed[0].Type != "ChangeCIMGName" {
		t.Errorf("rename job = %+v", renamed[0])
	}

	var deleted []Job
	f.ok(f.post(pathDelete, `{
    "cimg":[{"cimgUuid":"579ddc8d6c364e6fa798698113260e6b"}]
}`), &deleted)
	if deleted[0].ResourceUUID != SeedImageGZDelete || deleted[0].Type != "DeleteCIMG" {
		t.Errorf("delete job = %+v", deleted[0])
	}

	var page listPage
	f.ok(f.post(pathList, `{
    "regionId":"bj",
    "limit":1,
    "condition":{
        "names":["北京02"]
    }
}`), &page)
	if page.Count != 1 || len(page.Items) != 1 || page.Items[0].CIMGUUID != SeedImageBJ02 {
		t.Fatalf("list = %+v", page)
	}
	want := Image{
		CIMGUUID: SeedImageBJ02, CIMGID: "cimg-cy58anir", Name: "北京02", CreateTime: 1603799470000, UpdateTime: 1603799470000,
		Regions: []string{"bj"}, Zones: []string{"bj01"}, Status: "Ready", OSFamily: "CentOS", OSVersion: "7", OSArch: "64bit",
		Platform: "Linux", Size: 549899264, Type: "custom", Scenes: []string{"base"}, Requirement: cloud.Requirement{MinDiskSize: 8589934592},
		CheckState: "uncheck", IsExternal: true, CIMGTags: []string{}, BackupStorages: cloud.BackupStorages("bj"),
	}
	if !reflect.DeepEqual(page.Items[0], want) {
		t.Errorf("北京02 = %s\nwant %s", openapi.EncodeJSON(page.Items[0]), openapi.EncodeJSON(want))
	}

	req := httptest.NewRequest(http.MethodGet, "/dicloud/i/result?jobUuids=c23fd05f26ef5b718507f1926a4271cc&regionId=gz", nil)
	req.Header.Set("authorization", "Bearer "+DefaultToken)
	var jobs []Job
	f.ok(f.do(req), &jobs)
	wantJob := Job{JobUUID: SeedJobGZ, UUID: SeedJobGZ, ResourceUUID: SeedJobGZResource, ResourceType: "eip", Type: "ChangeEipOffering", Progress: 100, Done: true, Success: true, Status: "Success"}
	if len(jobs) != 1 || jobs[0] != wantJob {
		t.Errorf("JobResult = %+v, want %+v", jobs, wantJob)
	}

	var regions []cloud.Region
	f.ok(f.post(pathRegions, `{"condition":{"product":"dc2"}}`), &regions)
	if got := openapi.EncodeJSON(regions); !bytes.Contains(got, []byte(`{"areaName":"华北地区","id":"bj","name":"北京","stage":"公测","zone":[{"id":"bj01","name":"北京一区"}]}`)) ||
		!bytes.Contains(got, []byte(`{"areaName":"华南地区","id":"gz","name":"广州","zone":[{"id":"gz01","name":"广州一区"},{"id":"gz02","name":"广州二区"}]}`)) {
		t.Errorf("regions = %s", got)
	}
}
