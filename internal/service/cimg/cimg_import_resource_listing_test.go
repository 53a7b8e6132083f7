package cimg_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

const listingCopyType = "didiyun_cimg_import"

// listingCopiesConfig copies SeedImageBJ n times into gz, named prefix0 ...
func listingCopiesConfig(env *acctest.Env, prefix string, n int) string {
	return env.ProviderConfig("gz") + fmt.Sprintf(`
resource "didiyun_cimg_import" "copies" {
  count             = %d
  name              = "%s${count.index}"
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, n, prefix, mockserver.SeedImageBJ)
}

// captureCopies records name → id of every copy in state.
func captureCopies(ids map[string]string, want int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		clear(ids)
		for _, rs := range s.RootModule().Resources {
			if rs.Type == listingCopyType {
				ids[rs.Primary.Attributes["name"]] = rs.Primary.ID
			}
		}
		if len(ids) != want {
			return fmt.Errorf("state holds %d copies, want %d", len(ids), want)
		}
		return nil
	}
}

// missingCopies lists the copies (name → id) the mock no longer holds, or
// holds under another name.
func missingCopies(env *acctest.Env, ids map[string]string) []string {
	var missing []string
	for name, id := range ids {
		if img, ok := env.Mock.Image(id); !ok || img.Name != name {
			missing = append(missing, name+"="+id)
		}
	}
	sort.Strings(missing)
	return missing
}

// listingRequests counts, among the mock's requests from index from on, the
// ListCIMG pages of whole-region listings and the names-filtered lookups,
// which a refresh only sends to confirm a miss of its listing.
func listingRequests(t *testing.T, env *acctest.Env, from int) (pages, nameLookups int) {
	t.Helper()
	for _, rec := range env.Mock.Requests()[from:] {
		if rec.Endpoint != mockserver.EndpointListCIMG {
			continue
		}
		var body struct {
			Condition *struct {
				Names []string `json:"names"`
			} `json:"condition"`
		}
		if err := json.Unmarshal(rec.Body, &body); err != nil {
			t.Fatalf("ListCIMG body %s: %v", rec.Body, err)
		}
		if body.Condition != nil && len(body.Condition.Names) > 0 {
			nameLookups++
		} else {
			pages++
		}
	}
	return pages, nameLookups
}

// countNamed counts a region's images named exactly name, or starting with
// it when prefix is true.
func countNamed(env *acctest.Env, region, name string, prefix bool) int {
	n := 0
	for _, img := range env.Mock.Images(region) {
		if img.Name == name || (prefix && strings.HasPrefix(img.Name, name)) {
			n++
		}
	}
	return n
}

// A refresh of 25 copies among another user's images forgets none of them
// while the server caps pages below the limit asked, answers either shape
// or both in turn, and deletes the other user's images between pages.
func TestAccCIMGImport_refreshForgetsNothing(t *testing.T) {
	const copies, others, pageCap = 25, 45, 20
	env := acctest.NewEnv(t)
	// Older than the test, so they sort before the copies (churn then shifts
	// the copies) and ImagesSince leaves them out.
	for i := range others {
		env.Mock.AddImage(mockserver.Image{
			Name:       fmt.Sprintf("other-%03d", i),
			Regions:    []string{"gz"},
			CreateTime: env.Started.Add(-time.Minute).UnixMilli() + int64(i),
		})
	}
	config := listingCopiesConfig(env, "mine-", copies)
	ids := map[string]string{}

	// Each plan step's PreConfig first checks what the step before it did.
	var (
		mark         int    // request log length when the step began
		churnMark    int    // ChurnDeleted when the step began
		prevLabel    string // the step being checked
		prevChurn    bool
		othersBefore int // other-* images left before the destroy
	)
	checkPrevious := func() {
		if prevLabel == "" {
			return
		}
		pages, lookups := listingRequests(t, env, mark)
		// Whole listings of 60+ images in pages of 20 take 3 pages at least.
		if pages < 3 {
			t.Errorf("%s: the refresh asked for %d ListCIMG pages, want at least 3 (pages of %d)", prevLabel, pages, pageCap)
		}
		// The listing alone must be complete: a names lookup means it missed a copy.
		if lookups != 0 {
			t.Errorf("%s: the refresh sent %d names-filtered lookups: the region listing missed copies", prevLabel, lookups)
		}
		deleted := env.Mock.ChurnDeleted() - churnMark
		if prevChurn && deleted == 0 {
			t.Errorf("%s: churn deleted no image: the step proved nothing", prevLabel)
		}
		if !prevChurn && deleted != 0 {
			t.Errorf("%s: churn deleted %d images while off", prevLabel, deleted)
		}
		if missing := missingCopies(env, ids); len(missing) > 0 {
			t.Errorf("%s: copies gone from the mock: %v", prevLabel, missing)
		}
	}
	switchTo := func(label string, shape mockserver.ListShape, churn bool) func() {
		return func() {
			checkPrevious()
			if n := len(env.Mock.Images("gz")); n < 60 {
				t.Fatalf("%s: gz holds %d images, want at least 60 so that pages of %d end early", label, n, pageCap)
			}
			env.Mock.SetMaxPageSize(pageCap)
			env.Mock.SetListShape(shape)
			if churn {
				env.Mock.SetListChurn(mockserver.ListChurn{NamePrefix: "other-", PerPage: 1})
			} else {
				env.Mock.SetListChurn(mockserver.ListChurn{})
			}
			mark, churnMark, prevLabel, prevChurn = len(env.Mock.Requests()), env.Mock.ChurnDeleted(), label, churn
		}
	}
	planStep := func(label string, shape mockserver.ListShape, churn bool) resource.TestStep {
		// PlanOnly fails on a non-empty plan: a copy dropped from state by
		// the refresh would be planned for creation.
		return resource.TestStep{PreConfig: switchTo(label, shape, churn), Config: config, PlanOnly: true}
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			env.CheckImagesDestroyed(listingCopyType),
			expectNewImages(env, "gz", 0),
			func(*terraform.State) error {
				if gone := missingCopies(env, ids); len(gone) != copies {
					return fmt.Errorf("%d of %d copies are still in the mock", copies-len(gone), copies)
				}
				// Someone else's images are never touched by a destroy.
				if n := countNamed(env, "gz", "other-", true); n != othersBefore {
					return fmt.Errorf("gz holds %d other-* images after the destroy, %d before", n, othersBefore)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					captureCopies(ids, copies),
					expectNewImages(env, "gz", copies),
				),
			},
			planStep("cap 20, array shape", mockserver.ListShapeArray, false),
			planStep("cap 20, alternate shapes", mockserver.ListShapeAlternate, false),
			planStep("cap 20, object shape, churn", mockserver.ListShapeObject, true),
			planStep("cap 20, array shape, churn", mockserver.ListShapeArray, true),
			{
				// Back to the defaults for the destroy; the plan must still be empty.
				PreConfig: func() {
					checkPrevious()
					prevLabel = ""
					if total := env.Mock.ChurnDeleted(); total == 0 {
						t.Fatal("churn never deleted an image")
					}
					if missing := missingCopies(env, ids); len(missing) > 0 {
						t.Fatalf("copies gone from the mock after the plans: %v", missing)
					}
					env.Mock.SetMaxPageSize(0)
					env.Mock.SetListShape(mockserver.ListShapeObject)
					env.Mock.SetListChurn(mockserver.ListChurn{})
					othersBefore = countNamed(env, "gz", "other-", true)
					t.Logf("churn deleted %d of %d other-* images", env.Mock.ChurnDeleted(), others)
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// errno 41026 from DeleteCIMG is "image query failed", not "gone": a destroy
// that only ever gets it fails and keeps every image in state.
func TestAccCIMGImport_destroyWith41026(t *testing.T) {
	const copies = 8
	env := acctest.NewEnv(t)
	// A delete that meets 41026 tries again until its timeout: keep it short.
	config := strings.Replace(listingCopiesConfig(env, "doomed-", copies), `origin_region_id  = "bj"`,
		"origin_region_id  = \"bj\"\n  timeouts {\n    delete = \"3s\"\n  }", 1)
	ids := map[string]string{}
	var mark, faultsBefore int
	fault := func(p float64) mockserver.FaultRule {
		return mockserver.FaultRule{Endpoint: mockserver.EndpointDeleteCIMG, Kind: mockserver.FaultErrno41026, Probability: p}
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			expectNewImages(env, "gz", 0),
			func(*terraform.State) error {
				if gone := missingCopies(env, ids); len(gone) != copies {
					return fmt.Errorf("%d of %d copies are still in the mock", copies-len(gone), copies)
				}
				// The last destroy met 41026 too, so it proved something.
				if n := env.Mock.FaultCounts()[string(mockserver.FaultErrno41026)] - faultsBefore; n == 0 {
					return fmt.Errorf("the last destroy met no errno 41026")
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					captureCopies(ids, copies),
					expectNewImages(env, "gz", copies),
				),
			},
			{
				PreConfig: func() {
					mark = len(env.Mock.Requests())
					env.Mock.SetFaults(fault(1))
				},
				Config:      config,
				Destroy:     true,
				ExpectError: expectError(`(?s)Error Deleting Custom Image.*image [0-9a-f]{32} is still in region gz when the time allowed ran out .*errno 41026.*does\s+not\s+mean\s+it\s+is\s+gone`),
			},
			{
				PreConfig: func() {
					if missing := missingCopies(env, ids); len(missing) > 0 {
						t.Fatalf("copies gone after a destroy that only met 41026: %v", missing)
					}
					for name, id := range ids {
						if img, _ := env.Mock.Image(id); img.Status != mockserver.ImageStatusReady {
							t.Errorf("%s is %s, want Ready", name, img.Status)
						}
					}
					if n := env.Mock.FaultCounts()[string(mockserver.FaultErrno41026)]; n == 0 {
						t.Fatal("no errno 41026 was injected: the destroy proved nothing")
					}
					// Every copy was asked to go, not only the first.
					asked := map[string]bool{}
					for _, rec := range env.Mock.Requests()[mark:] {
						if rec.Endpoint != mockserver.EndpointDeleteCIMG {
							continue
						}
						var body struct {
							CIMG []struct {
								CIMGUUID string `json:"cimgUuid"`
							} `json:"cimg"`
						}
						if err := json.Unmarshal(rec.Body, &body); err != nil {
							t.Fatalf("DeleteCIMG body %s: %v", rec.Body, err)
						}
						for _, item := range body.CIMG {
							asked[item.CIMGUUID] = true
						}
					}
					for name, id := range ids {
						if !asked[id] {
							t.Errorf("the destroy never sent DeleteCIMG for %s (%s)", name, id)
						}
					}
					env.Mock.SetFaults()
				},
				// An empty plan: every copy is still in state, and live.
				Config:   config,
				PlanOnly: true,
			},
			{
				PreConfig: func() {
					faultsBefore = env.Mock.FaultCounts()[string(mockserver.FaultErrno41026)]
					// With seed 15, 6 of the first 14 rolls hit, before the
					// 8th miss: no copy can meet its 8 tries' worth of 41026.
					env.Mock.SetFaultSeed(15)
					env.Mock.SetFaults(fault(0.5))
				},
				Config:  config,
				Destroy: true,
			},
		},
	})
}

// With condition.names matched by substring, a copy whose answer was lost
// finds its own image by exact name, never someone else's that contains it.
func TestAccCIMGImport_looseNameMatching(t *testing.T) {
	env := acctest.NewEnv(t, func(o *mockserver.Options) { o.NamesMatch = mockserver.NamesMatchSubstring })
	old := env.Mock.AddImage(mockserver.Image{
		Name:       "lweb-old",
		Regions:    []string{"gz"},
		CreateTime: env.Started.Add(-time.Minute).UnixMilli(),
	})
	env.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDrop, Probability: 1})
	addr := "didiyun_cimg_import.test"
	oldUntouched := func(*terraform.State) error {
		img, ok := env.Mock.Image(old.CIMGUUID)
		switch {
		case !ok:
			return fmt.Errorf("lweb-old (%s) was deleted", old.CIMGUUID)
		case img.Name != "lweb-old" || img.Status != mockserver.ImageStatusReady:
			return fmt.Errorf("lweb-old was changed: name %q, status %s", img.Name, img.Status)
		}
		return nil
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			env.CheckImagesDestroyed(listingCopyType),
			oldUntouched,
			func(*terraform.State) error {
				if n := countNamed(env, "gz", "lweb", false); n != 0 {
					return fmt.Errorf("%d images named lweb are left", n)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig("gz") + fmt.Sprintf(`
resource "didiyun_cimg_import" "test" {
  name              = "lweb"
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, mockserver.SeedImageBJ),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeTestCheckFunc(
				func(s *terraform.State) error {
					if env.Mock.FaultCounts()[string(mockserver.FaultDrop)] == 0 {
						return fmt.Errorf("no ImportCIMG answer was dropped: the step proved nothing")
					}
					var want []string
					for _, img := range env.Mock.Images("gz") {
						if img.Name == "lweb" {
							want = append(want, img.CIMGUUID)
						}
					}
					if len(want) != 1 {
						return fmt.Errorf("gz holds %d images named lweb (%v), want 1", len(want), want)
					}
					if got := s.RootModule().Resources[addr].Primary.ID; got != want[0] {
						return fmt.Errorf("state id %s, want %s, the image named lweb (lweb-old is %s)", got, want[0], old.CIMGUUID)
					}
					return nil
				},
				oldUntouched,
			),
		}},
	})
}
