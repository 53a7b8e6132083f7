package cimg_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// replaceRun is one image resource in a working directory, driven by the
// CLI itself: the test harness has no step for -replace or -refresh=false.
type replaceRun struct {
	t    *testing.T
	env  *acctest.Env
	cli  *acctest.CLI
	dir  string
	addr string
}

// replaceTypes are the two image resources, each named "r" and given the
// name "replace-me" and a description the test may change.
var replaceTypes = []struct {
	name, makes string
	body        func(description, extra string) string
}{
	{"didiyun_cimg_import", mockserver.EndpointImportCIMG, func(description, extra string) string {
		return fmt.Sprintf("resource \"didiyun_cimg_import\" \"r\" {\n  name              = \"replace-me\"\n"+
			"  origin_image_uuid = %q\n  origin_region_id  = \"bj\"\n  description       = %q\n%s}\n",
			mockserver.SeedImageBJ, description, extra)
	}},
	{"didiyun_cimg", mockserver.EndpointCreateCIMG, func(description, extra string) string {
		return fmt.Sprintf("resource \"didiyun_cimg\" \"r\" {\n  name        = \"replace-me\"\n"+
			"  snap_uuid   = %q\n  description = %q\n%s}\n", mockserver.SeedSnapshotGZ, description, extra)
	}},
}

func newReplaceRun(t *testing.T, typeName string) *replaceRun {
	t.Helper()
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	r := &replaceRun{t: t, env: env, cli: acctest.NewCLI(t, dir), dir: dir, addr: typeName + ".r"}
	if err := r.cli.Init(context.Background(), r.cli.Reattach); err != nil {
		t.Fatalf("init: %v", err)
	}
	return r
}

// configure writes the configuration: the provider block and body.
func (r *replaceRun) configure(body string) {
	r.t.Helper()
	write(r.t, filepath.Join(r.dir, "main.tf"), r.env.ProviderConfig("gz")+body)
}

// plan runs `plan -json` and returns whether it plans changes and its
// diagnostics as "level: summary: detail" lines.
func (r *replaceRun) plan(opts ...tfexec.PlanOption) (bool, string, error) {
	r.t.Helper()
	var out bytes.Buffer
	changes, err := r.cli.PlanJSON(context.Background(), &out, append(opts, r.cli.Reattach)...)
	var diags []string
	for _, line := range strings.Split(out.String(), "\n") {
		var msg struct {
			Level      string `json:"@level"`
			Diagnostic *struct {
				Summary string `json:"summary"`
				Detail  string `json:"detail"`
			} `json:"diagnostic"`
		}
		if json.Unmarshal([]byte(line), &msg) == nil && msg.Diagnostic != nil {
			diags = append(diags, msg.Level+": "+msg.Diagnostic.Summary+": "+msg.Diagnostic.Detail)
		}
	}
	return changes, strings.Join(diags, "\n"), err
}

// id is the image the resource holds in state.
func (r *replaceRun) id() string {
	r.t.Helper()
	state, err := r.cli.Show(context.Background(), r.cli.Reattach)
	if err != nil {
		r.t.Fatalf("show: %v", err)
	}
	if state.Values == nil {
		return ""
	}
	for _, res := range state.Values.RootModule.Resources {
		if res.Address == r.addr {
			id, _ := res.AttributeValues["id"].(string)
			return id
		}
	}
	return ""
}

// images are the uuids of the images named replace-me in gz.
func (r *replaceRun) images() []string {
	var uuids []string
	for _, img := range r.env.Mock.Images("gz") {
		if img.Name == "replace-me" {
			uuids = append(uuids, img.CIMGUUID)
		}
	}
	return uuids
}

// replaced applies with opts and checks that a new image took the old one's
// place under the same name, and that the plan after it is empty.
func (r *replaceRun) replaced(how string, opts ...tfexec.ApplyOption) {
	r.t.Helper()
	old := r.id()
	if err := r.cli.Apply(context.Background(), append(opts, r.cli.Reattach)...); err != nil {
		r.t.Fatalf("%s: apply: %v", how, err)
	}
	now := r.id()
	if now == "" || now == old {
		r.t.Fatalf("%s: state holds %q after the apply, before it %q: want a new image", how, now, old)
	}
	if images := r.images(); len(images) != 1 || images[0] != now {
		r.t.Errorf("%s: the region has images %v named replace-me, want only %s", how, images, now)
	}
	if changes, diags, err := r.plan(); err != nil || changes {
		r.t.Errorf("%s: the plan after the apply: changes %v, error %v\n%s", how, changes, err, diags)
	}
}

// TestAccCIMG_replaceKeepsName: every way Terraform replaces an image
// (-replace, taint, taint planned with -refresh=false, a changed argument)
// makes a new image under the same name: the resource never conflicts with
// its own image, and each plan Terraform shows warnings of warns what
// create_before_destroy would do.
func TestAccCIMG_replaceKeepsName(t *testing.T) {
	acctest.PreCheck(t)
	for _, typ := range replaceTypes {
		t.Run(typ.name, func(t *testing.T) {
			t.Parallel()
			r := newReplaceRun(t, typ.name)
			r.configure(typ.body("first", ""))
			if err := r.cli.Apply(context.Background(), r.cli.Reattach); err != nil {
				t.Fatalf("apply: %v", err)
			}

			// Terraform shows no warning of a -replace plan: the provider
			// learns of the replacement only in the plan whose warnings
			// Terraform drops.
			r.replaced("-replace", tfexec.Replace(r.addr))

			for _, refresh := range []bool{true, false} {
				if err := r.cli.Taint(context.Background(), r.addr); err != nil {
					t.Fatalf("taint: %v", err)
				}
				_, diags, err := r.plan(tfexec.Refresh(refresh))
				if err != nil || !strings.Contains(diags, "warn: Image Name Held in State") ||
					!strings.Contains(diags, "create_before_destroy") {
					t.Errorf("plan of a tainted image, refresh %v: error %v, want the warning:\n%s", refresh, err, diags)
				}
				r.replaced(fmt.Sprintf("taint, refresh %v", refresh), tfexec.Refresh(refresh))
			}

			r.configure(typ.body("second", ""))
			_, diags, err := r.plan()
			if err != nil || !strings.Contains(diags, "warn: Replacement Keeps the Image Name") {
				t.Errorf("plan of a new description: error %v, want the replacement warning:\n%s", err, diags)
			}
			r.replaced("a new description")
			if n := r.env.Mock.Count(typ.makes); n != 5 {
				t.Errorf("%d create requests, want 5: one per image", n)
			}
		})
	}
}

// TestAccCIMG_createBeforeDestroyKeepingName: Terraform never tells a
// provider about create_before_destroy, so a replacement that keeps the name
// passes the plan with the warning that names it, and the apply then fails
// before making anything, saying the same; state keeps the old image.
func TestAccCIMG_createBeforeDestroyKeepingName(t *testing.T) {
	acctest.PreCheck(t)
	const cbd = "  lifecycle {\n    create_before_destroy = true\n  }\n"
	for _, typ := range replaceTypes {
		t.Run(typ.name, func(t *testing.T) {
			t.Parallel()
			r := newReplaceRun(t, typ.name)
			r.configure(typ.body("first", cbd))
			if err := r.cli.Apply(context.Background(), r.cli.Reattach); err != nil {
				t.Fatalf("apply: %v", err)
			}
			old := r.id()
			r.configure(typ.body("second", cbd))
			changes, diags, err := r.plan()
			if err != nil || !changes || !strings.Contains(diags, "warn: Replacement Keeps the Image Name") ||
				!strings.Contains(diags, "create_before_destroy") {
				t.Fatalf("plan: changes %v, error %v, want the warning naming create_before_destroy:\n%s", changes, err, diags)
			}
			err = r.cli.Apply(context.Background(), r.cli.Reattach)
			if err == nil || !strings.Contains(err.Error(), "create_before_destroy") || !strings.Contains(err.Error(), "replace-me-2") {
				t.Fatalf("apply: %v, want an error naming create_before_destroy and another name", err)
			}
			if n := r.env.Mock.Count(typ.makes); n != 1 {
				t.Errorf("%d create requests, want only the first image's", n)
			}
			if now := r.id(); now != old {
				t.Errorf("state holds %q after the failed apply, want the old image %s", now, old)
			}
		})
	}
}

// TestAccCIMGImport_foreignNameFailsThePlan: with a copy in state, a new
// resource whose name an image outside the configuration carries fails the
// plan, naming that image and the import command; nothing is sent.
func TestAccCIMGImport_foreignNameFailsThePlan(t *testing.T) {
	acctest.PreCheck(t)
	r := newReplaceRun(t, "didiyun_cimg_import")
	body := replaceTypes[0].body("", "")
	r.configure(body)
	if err := r.cli.Apply(context.Background(), r.cli.Reattach); err != nil {
		t.Fatalf("apply: %v", err)
	}
	r.configure(body + fmt.Sprintf(`
resource "didiyun_cimg_import" "other" {
  name              = %q
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, mockserver.SeedImageGZName, mockserver.SeedImageBJ))
	for _, refresh := range []bool{true, false} {
		_, diags, err := r.plan(tfexec.Refresh(refresh))
		for _, want := range []string{"error: Error Importing Custom Image", "image this run has seen in no resource's state",
			"terraform import 'ADDRESS' gz/" + mockserver.SeedImageGZ} {
			if err == nil || !strings.Contains(diags, want) {
				t.Errorf("plan, refresh %v: error %v, diagnostics lack %q:\n%s", refresh, err, want, diags)
			}
		}
	}
	if n := r.env.Mock.Count(mockserver.EndpointImportCIMG); n != 1 {
		t.Errorf("%d ImportCIMG requests, want only the first copy's", n)
	}
}

// TestAccCIMGImport_requestBudget: an apply of 30 copies, ten at a time,
// against pages of 20 images, sends at most 3 requests per copy, every
// copy's end read from JobResult: the plan Terraform makes right before
// each create defers its name check to the claim.
func TestAccCIMGImport_requestBudget(t *testing.T) {
	acctest.PreCheck(t)
	env := acctest.NewEnv(t, func(o *mockserver.Options) { o.MaxPageSize = 20 })
	dir := t.TempDir()
	cli := acctest.NewCLI(t, dir)
	ctx := context.Background()
	if err := cli.Init(ctx, cli.Reattach); err != nil {
		t.Fatalf("init: %v", err)
	}
	const copies = 30
	write(t, filepath.Join(dir, "main.tf"), env.ProviderConfig("gz")+fmt.Sprintf(`
resource "didiyun_cimg_import" "many" {
  count             = %d
  name              = "budget-${count.index}"
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, copies, mockserver.SeedImageBJ))
	planFile := filepath.Join(dir, "tfplan")
	if _, err := cli.Plan(ctx, cli.Reattach, tfexec.Out(planFile)); err != nil {
		t.Fatalf("plan: %v", err)
	}
	before := len(env.Mock.Requests())
	if err := cli.Apply(ctx, cli.Reattach, tfexec.DirOrPlan(planFile), tfexec.Parallelism(10)); err != nil {
		t.Fatalf("apply: %v", err)
	}
	byEndpoint := map[string]int{}
	applied := env.Mock.Requests()[before:]
	for _, rec := range applied {
		byEndpoint[rec.Endpoint]++
	}
	if n := byEndpoint[mockserver.EndpointImportCIMG]; n != copies {
		t.Errorf("%d ImportCIMG requests, want one per copy", n)
	}
	if byEndpoint[mockserver.EndpointJobResult] == 0 {
		t.Error("no JobResult request: no copy's end was read from it")
	}
	if perCopy := float64(len(applied)) / copies; perCopy > 3.0 {
		t.Errorf("the apply sent %.2f requests per copy, want at most 3.0: %v", perCopy, byEndpoint)
	}
	t.Logf("apply of %d copies: %.2f requests per copy: %v", copies, float64(len(applied))/copies, byEndpoint)
}
