package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// imageConfig copies the seeded bj image; the provider block comes first.
func imageConfig(providerBlock string) string {
	return providerBlock + fmt.Sprintf(`
resource "didiyun_cimg_import" "test" {
  name              = "provider-test"
  origin_image_uuid = %q
  origin_region_id  = "bj"
}
`, mockserver.SeedImageBJ)
}

// clearEnv hides the developer's own settings from a test.
func clearEnv(t *testing.T) {
	for _, name := range []string{"DIDIYUN_TOKEN", "DIDIYUN_ACCESS_TOKEN", "DIDIYUN_REGION", "DIDIYUN_ENDPOINT"} {
		t.Setenv(name, "")
	}
}

func expectError(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

func TestAccProvider_configuredByEnvironmentOnly(t *testing.T) {
	env := acctest.NewEnv(t)
	clearEnv(t)
	t.Setenv("DIDIYUN_ENDPOINT", env.Server.URL)
	t.Setenv("DIDIYUN_TOKEN", env.Mock.Token())
	t.Setenv("DIDIYUN_REGION", "gz")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             env.CheckImagesDestroyed("didiyun_cimg_import"),
		Steps: []resource.TestStep{{
			Config: imageConfig(`provider "didiyun" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("didiyun_cimg_import.test", tfjsonpath.New("region_id"), knownvalue.StringExact("gz")),
			},
		}},
	})
}

func TestAccProvider_accessTokenFallback(t *testing.T) {
	env := acctest.NewEnv(t)
	clearEnv(t)
	t.Setenv("DIDIYUN_ACCESS_TOKEN", env.Mock.Token())
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             env.CheckImagesDestroyed("didiyun_cimg_import"),
		Steps: []resource.TestStep{{
			Config: imageConfig(fmt.Sprintf(`provider "didiyun" {
  endpoint = %q
  region   = "gz"
}`, env.Server.URL)),
		}},
	})
}

func TestAccProvider_configurationErrors(t *testing.T) {
	env := acctest.NewEnv(t)
	clearEnv(t)
	cases := []struct {
		block string
		want  string
	}{
		{fmt.Sprintf(`provider "didiyun" {
  endpoint = %q
  region   = "gz"
}`, env.Server.URL), `(?s)Missing DiDi Cloud API Token.*DIDIYUN_TOKEN`},
		{fmt.Sprintf(`provider "didiyun" {
  endpoint = %q
  token    = %q
}`, env.Server.URL, env.Mock.Token()), `(?s)Missing DiDi Cloud Region.*DIDIYUN_REGION`},
		{`provider "didiyun" {
  endpoint = "ftp://example.com"
  token    = "t"
  region   = "gz"
}`, `(?s)Attribute endpoint is "ftp://example.com".*http:// or https://`},
		{`provider "didiyun" {
  endpoint = "not a url"
  token    = "t"
  region   = "gz"
}`, `Attribute endpoint is "not a url"`},
		{fmt.Sprintf(`provider "didiyun" {
  endpoint        = %q
  token           = "t"
  region          = "gz"
  request_timeout = "soon"
}`, env.Server.URL), `Attribute request_timeout is "soon"`},
		{fmt.Sprintf(`provider "didiyun" {
  endpoint    = %q
  token       = "t"
  region      = "gz"
  max_retries = -1
}`, env.Server.URL), `max_retries`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: imageConfig(c.block), PlanOnly: true, ExpectError: expectError(c.want)})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    steps,
	})
}

func TestAccProvider_wrongToken(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: imageConfig(fmt.Sprintf(`provider "didiyun" {
  endpoint = %q
  token    = "0000000000000000000000000000000000000000000000000000000000000000"
  region   = "gz"
}`, env.Server.URL)),
			ExpectError: expectError(`(?s)errno 4.*requestId.*rejected the token`),
		}},
	})
	if n := len(env.ImagesSince("gz")); n != 0 {
		t.Errorf("a rejected token created %d images", n)
	}
}

// A provider block that depends on another resource is unknown during plan;
// the plan still works and the apply configures the provider.
func TestAccProvider_unknownConfigurationDuringPlan(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             env.CheckImagesDestroyed("didiyun_cimg_import"),
		Steps: []resource.TestStep{{
			Config: imageConfig(fmt.Sprintf(`
resource "terraform_data" "token" {
  input = %q
}

provider "didiyun" {
  endpoint = %q
  token    = terraform_data.token.output
  region   = "gz"
}`, env.Mock.Token(), env.Server.URL)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("didiyun_cimg_import.test", tfjsonpath.New("region_id"), knownvalue.StringExact("gz")),
				statecheck.ExpectKnownValue("didiyun_cimg_import.test", tfjsonpath.New("status"), knownvalue.StringExact("Ready")),
			},
		}},
	})
}
