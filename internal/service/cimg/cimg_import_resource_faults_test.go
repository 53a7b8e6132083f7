package cimg_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// soakFaults is the weather of the fault soak: every endpoint fails often.
// ImportCIMG sees only the failures a create survives without being sent
// again: throttling (nothing happened, so it is retried) and dropped answers
// (it took effect, and its image is found). A create refused with HTTP 500
// or errno 2 may have reached the server, so it is never resent and its
// apply fails: that is tested elsewhere.
var soakFaults = append(noEffectFaults(mockserver.EndpointListCIMG, mockserver.EndpointJobResult,
	mockserver.EndpointDeleteCIMG, mockserver.EndpointChangeNameCIMG, mockserver.EndpointListRegionAndZone),
	mockserver.FaultRule{Kind: mockserver.FaultHTTP429, Probability: 0.10, RetryAfter: time.Second},
	mockserver.FaultRule{Kind: mockserver.FaultDrop, Probability: 0.05},
)

// noEffectFaults fail requests of the endpoints with no effect, 10 % HTTP
// 500 and 10 % errno 2.
func noEffectFaults(endpoints ...string) []mockserver.FaultRule {
	var rules []mockserver.FaultRule
	for _, endpoint := range endpoints {
		rules = append(rules,
			mockserver.FaultRule{Endpoint: endpoint, Kind: mockserver.FaultHTTP500, Probability: 0.10},
			mockserver.FaultRule{Endpoint: endpoint, Kind: mockserver.FaultErrno, Probability: 0.10, Errno: 2})
	}
	return rules
}

func TestAccCIMGImport_faultSoak(t *testing.T) {
	const count = 20
	env := acctest.NewEnv(t)
	// About 31 % of all requests fail. With max_retries = 10 a call gives
	// up only after 11 failures in a row (p < 3e-6), so one apply suffices;
	// the default 5 leaves roughly one failed read in a thousand calls.
	config := fmt.Sprintf(`
provider "didiyun" {
  endpoint    = %q
  token       = %q
  region      = "gz"
  max_retries = 10
}

resource "didiyun_cimg_import" "soak" {
  count             = %d
  name              = "soak-${count.index}"
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, env.Server.URL, env.Mock.Token(), count, mockserver.SeedImageBJ)

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			env.CheckImagesDestroyed("didiyun_cimg_import"),
			expectNewImages(env, "gz", 0),
			func(*terraform.State) error {
				t.Logf("faults injected: %v", env.Mock.FaultCounts())
				return nil
			},
		),
		Steps: []resource.TestStep{{
			PreConfig: func() { env.Mock.SetFaults(soakFaults...) },
			Config:    config,
			Check: func(*terraform.State) error {
				images := env.ImagesSince("gz")
				names := map[string]bool{}
				for _, img := range images {
					if names[img.Name] {
						return fmt.Errorf("two images are named %s", img.Name)
					}
					names[img.Name] = true
					if img.Status != mockserver.ImageStatusReady {
						return fmt.Errorf("image %s is %s", img.Name, img.Status)
					}
				}
				if len(images) != count {
					return fmt.Errorf("the mock holds %d images, want exactly %d", len(images), count)
				}
				injected := 0
				for _, n := range env.Mock.FaultCounts() {
					injected += n
				}
				if injected == 0 {
					return fmt.Errorf("no fault was injected: the soak proved nothing")
				}
				return nil
			},
		}},
	})
}
