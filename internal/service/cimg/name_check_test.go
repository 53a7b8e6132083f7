package cimg

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// nameCheckEnv is a mock and a configured didiyun_cimg_import whose
// ModifyPlan the tests call directly, as Terraform would.
type nameCheckEnv struct {
	mock     *mockserver.Server
	resource resource.ResourceWithModifyPlan
	schema   resource.SchemaResponse
}

func newNameCheckEnv(t *testing.T) *nameCheckEnv {
	t.Helper()
	mock := mockserver.New(mockserver.Options{})
	server := httptest.NewServer(mock)
	t.Cleanup(server.Close)
	meta, err := conns.NewClients(conns.Options{API: didiyun.Options{Endpoint: server.URL, Token: mock.Token()}})
	if err != nil {
		t.Fatal(err)
	}
	meta.Region = "gz"
	r := NewImportResource().(*importResource)
	var configureResp resource.ConfigureResponse
	r.Configure(context.Background(), resource.ConfigureRequest{ProviderData: meta}, &configureResp)
	e := &nameCheckEnv{mock: mock, resource: r}
	r.Schema(context.Background(), resource.SchemaRequest{}, &e.schema)
	return e
}

// object is a value of the resource's schema: the given string attributes,
// every other one null.
func (e *nameCheckEnv) object(attrs map[string]string) tftypes.Value {
	typ := e.schema.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	if attrs == nil {
		return tftypes.NewValue(typ, nil)
	}
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
		if v, ok := attrs[name]; ok {
			values[name] = tftypes.NewValue(tftypes.String, v)
		}
	}
	return tftypes.NewValue(typ, values)
}

// plan runs ModifyPlan for a copy named name, from state (nil: a new resource).
func (e *nameCheckEnv) plan(name string, state map[string]string) diag.Diagnostics {
	config := map[string]string{"name": name, "origin_image_uuid": mockserver.SeedImageBJ, "origin_region_id": "bj"}
	planned := map[string]string{"region_id": "gz", "description": ""}
	for k, v := range config {
		planned[k] = v
	}
	if state != nil {
		planned["id"] = state["id"]
	}
	s := e.schema.Schema
	req := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: s, Raw: e.object(config)},
		Plan:   tfsdk.Plan{Schema: s, Raw: e.object(planned)},
		State:  tfsdk.State{Schema: s, Raw: e.object(state)},
	}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	e.resource.ModifyPlan(context.Background(), req, &resp)
	return resp.Diagnostics
}

func findDiag(diags diag.Diagnostics, summary string) diag.Diagnostic {
	for _, d := range diags {
		if d.Summary() == summary {
			return d
		}
	}
	return nil
}

// A new image whose name another image carries gets a warning with the
// import command: Terraform plans the replacement of a tainted image exactly
// like a new resource, so the plan cannot refuse it.
func TestNameCheck_newImageWarns(t *testing.T) {
	e := newNameCheckEnv(t)
	diags := e.plan(mockserver.SeedImageGZName, nil)
	if diags.HasError() {
		t.Fatalf("a new image with a taken name failed the plan: %v", diags)
	}
	warning := findDiag(diags, "Image Name Already Taken")
	if warning == nil {
		t.Fatalf("no warning: %v", diags)
	}
	for _, want := range []string{
		`an image named "` + mockserver.SeedImageGZName + `" already exists in region gz`,
		"terraform import 'ADDRESS' gz/" + mockserver.SeedImageGZ, "tainted", "create_before_destroy",
	} {
		if !strings.Contains(warning.Detail(), want) {
			t.Errorf("warning lacks %q:\n%s", want, warning.Detail())
		}
	}
	if diags := e.plan("a-free-name", nil); findDiag(diags, "Image Name Already Taken") != nil || diags.HasError() {
		t.Errorf("a free name was reported: %v", diags)
	}
}

// A rename into a taken name cannot be the image's own: the plan fails.
func TestNameCheck_renameFails(t *testing.T) {
	e := newNameCheckEnv(t)
	state := map[string]string{"id": "0123456789abcdef0123456789abcdef", "name": "old", "region_id": "gz",
		"origin_image_uuid": mockserver.SeedImageBJ, "origin_region_id": "bj", "description": ""}
	diags := e.plan(mockserver.SeedImageGZName, state)
	d := findDiag(diags, "Error Renaming Custom Image")
	if d == nil || !strings.Contains(d.Detail(), "The name is taken") || !strings.Contains(d.Detail(), "terraform import 'ADDRESS' gz/") {
		t.Fatalf("want a rename error with the import command, got %v", diags)
	}
}

// Many new images of one region share one listing; a name it shows taken
// is confirmed by a fresh lookup, so an image deleted since is no conflict.
func TestNameCheck_sharedListingConfirmed(t *testing.T) {
	e := newNameCheckEnv(t)
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		if diags := e.plan(name, nil); diags.HasError() {
			t.Fatalf("plan %s: %v", name, diags)
		}
	}
	if n := e.mock.Count(mockserver.EndpointListCIMG); n != 2 { // gz names, bj origin
		t.Errorf("5 plans sent %d ListCIMG requests, want 2", n)
	}
	e.mock.DeleteImage(mockserver.SeedImageGZ) // after the listing was shared
	diags := e.plan(mockserver.SeedImageGZName, nil)
	if d := findDiag(diags, "Image Name Already Taken"); d != nil || diags.HasError() {
		t.Errorf("a deleted image was reported: %v", diags)
	}
	// The listing still showed it, so the name was looked up afresh, and
	// that lookup answered (a failed one would also report nothing).
	lists := e.mock.Requests()
	var last mockserver.RequestRecord
	for _, rec := range lists {
		if rec.Endpoint == mockserver.EndpointListCIMG {
			last = rec
		}
	}
	if n := e.mock.Count(mockserver.EndpointListCIMG); n != 3 || last.Errno != 0 || last.Status != 200 {
		t.Errorf("%d ListCIMG requests, the last %+v; want a third one, answered", n, last)
	}
}
