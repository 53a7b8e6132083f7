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
	"github.com/didiyun/terraform-provider-didiyun/internal/planned"
)

// nameCheckEnv is a mock and a configured didiyun_cimg_import whose
// ModifyPlan the tests call directly, as Terraform would.
type nameCheckEnv struct {
	mock     *mockserver.Server
	meta     *conns.Meta
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
	meta.Region, meta.StateImages = "gz", &planned.StateImages{}
	r := NewImportResource().(*importResource)
	var configureResp resource.ConfigureResponse
	r.Configure(context.Background(), resource.ConfigureRequest{ProviderData: meta}, &configureResp)
	e := &nameCheckEnv{mock: mock, meta: meta, resource: r}
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

// A new image whose name an image carries that no resource in state holds
// fails the plan with the import command: Terraform hands the provider every
// object in state before planning it, so that image is not this resource's
// own tainted one.
func TestNameCheck_newImageFailsOnForeignName(t *testing.T) {
	e := newNameCheckEnv(t)
	diags := e.plan(mockserver.SeedImageGZName, nil)
	d := findDiag(diags, "Error Importing Custom Image")
	if d == nil || d.Severity() != diag.SeverityError {
		t.Fatalf("a new image with a foreign name did not fail the plan: %v", diags)
	}
	for _, want := range []string{
		"image this run has seen in no resource's state",
		`an image named "` + mockserver.SeedImageGZName + `" already exists in region gz`,
		"terraform import 'ADDRESS' gz/" + mockserver.SeedImageGZ,
	} {
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("error lacks %q:\n%s", want, d.Detail())
		}
	}
	if diags := e.plan("a-free-name", nil); diags.HasError() || len(diags) > 0 {
		t.Errorf("a free name was reported: %v", diags)
	}
}

// A new image whose name an image in state carries (a tainted resource's
// own, planned like a new one) only warns, naming create_before_destroy.
func TestNameCheck_imageInStateWarns(t *testing.T) {
	e := newNameCheckEnv(t)
	e.meta.StateImages.Add("gz", mockserver.SeedImageGZ)
	diags := e.plan(mockserver.SeedImageGZName, nil)
	if diags.HasError() {
		t.Fatalf("a name held in state failed the plan: %v", diags)
	}
	d := findDiag(diags, "Image Name Held in State")
	if d == nil || !strings.Contains(d.Detail(), mockserver.SeedImageGZ) || !strings.Contains(d.Detail(), "create_before_destroy") {
		t.Fatalf("want a warning naming the image and create_before_destroy, got %v", diags)
	}
}

// Once the provider has sent a write to a region it is applying: a plan
// there sends no name lookup, since the claim before the create decides.
func TestNameCheck_deferredToClaimWhileApplying(t *testing.T) {
	e := newNameCheckEnv(t)
	release, err := e.meta.Owners.ClaimName(context.Background(), "gz", "renamed", "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.meta.Client.ChangeNameCIMG(context.Background(), "gz", mockserver.SeedImageGZ, "renamed")
	release()
	if err != nil {
		t.Fatal(err)
	}
	before := e.mock.Count(mockserver.EndpointListCIMG)
	if diags := e.plan("another-free-name", nil); diags.HasError() {
		t.Fatal(diags)
	}
	if n := e.mock.Count(mockserver.EndpointListCIMG) - before; n > 1 { // the origin check's listing of bj
		t.Errorf("a plan while applying sent %d ListCIMG requests, want only the origin check's", n)
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
