package acctest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// CheckImagesDestroyed asks the mock that no image of resourceType in state
// is still there.
func (e *Env) CheckImagesDestroyed(resourceType string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != resourceType {
				continue
			}
			if img, ok := e.Mock.Image(rs.Primary.ID); ok {
				return fmt.Errorf("%s %s still exists (status %s)", resourceType, rs.Primary.ID, img.Status)
			}
		}
		return nil
	}
}

// ImagesSince lists the images of region the mock created since the test
// began, seeded ones left out.
func (e *Env) ImagesSince(region string) []mockserver.Image {
	var images []mockserver.Image
	for _, img := range e.Mock.Images(region) {
		if img.CreateTime >= e.Started.UnixMilli() {
			images = append(images, img)
		}
	}
	return images
}
