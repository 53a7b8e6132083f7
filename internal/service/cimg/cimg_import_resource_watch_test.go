package cimg_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestAccCIMGImport_watchedInTheListing: copies are watched in ListCIMG,
// which shows each image's running job, so a parallel apply asks JobResult
// nothing and takes each Ready image from the listing that saw it finish.
// On a server that leaves `job` out of the listing, the same apply learns
// how the jobs ended from JobResult, and the state is the same.
func TestAccCIMGImport_watchedInTheListing(t *testing.T) {
	for _, hidden := range []bool{false, true} {
		t.Run(fmt.Sprintf("hideListJobs=%v", hidden), func(t *testing.T) {
			const copies = 4
			env := acctest.NewEnv(t, func(o *mockserver.Options) { o.HideListJobs = hidden })
			config := env.ProviderConfig("gz") + fmt.Sprintf(`
resource "didiyun_cimg_import" "test" {
  count             = %d
  name              = "watched-${count.index}"
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, copies, mockserver.SeedImageBJ)
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             env.CheckImagesDestroyed("didiyun_cimg_import"),
				Steps: []resource.TestStep{{
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: func(s *terraform.State) error {
						for i := range copies {
							attrs := s.RootModule().Resources[fmt.Sprintf("didiyun_cimg_import.test.%d", i)].Primary.Attributes
							img, ok := env.Mock.Image(attrs["id"])
							if !ok || img.Status != mockserver.ImageStatusReady || attrs["status"] != "Ready" ||
								attrs["size"] != fmt.Sprint(img.Size) || attrs["create_time"] == "" {
								return fmt.Errorf("copy %d: state %v, image %+v (found %v)", i, attrs, img, ok)
							}
						}
						asked := env.Mock.Count(mockserver.EndpointJobResult)
						switch {
						case !hidden && asked != 0:
							return fmt.Errorf("%d JobResult calls, want none: the listing shows every job", asked)
						case hidden && asked == 0:
							return fmt.Errorf("no JobResult call: the jobs' end was taken from a listing that does not show them")
						}
						return nil
					},
				}},
			})
		})
	}
}
