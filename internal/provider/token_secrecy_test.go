package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/didiyun/terraform-provider-didiyun/internal/acctest"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// TestAccProvider_tokenNeverLogged runs a create, a failed call and a destroy
// at TF_LOG=TRACE and reads every log line Terraform and the provider wrote.
func TestAccProvider_tokenNeverLogged(t *testing.T) {
	env := acctest.NewEnv(t)
	logDir := t.TempDir()
	// The token comes from the environment, as the docs advise: the test
	// harness itself logs the configuration text.
	clearEnv(t)
	t.Setenv("DIDIYUN_TOKEN", env.Mock.Token())
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", filepath.Join(logDir, "acc.log"))
	t.Setenv("TF_LOG_PATH", filepath.Join(logDir, "terraform.log"))
	// Some failures on the way, so error paths log too.
	env.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultHTTP500, Probability: 0.2})

	providerBlock := fmt.Sprintf(`provider "didiyun" {
  endpoint = %q
  region   = "gz"
}`, env.Server.URL)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             env.CheckImagesDestroyed("didiyun_cimg_import"),
		Steps: []resource.TestStep{
			{Config: imageConfig(providerBlock)},
			{
				// An API error at apply: the plan cannot look snapshots up.
				Config: imageConfig(providerBlock) + `
resource "didiyun_cimg" "bad" {
  name      = "bad"
  snap_uuid = "0123456789abcdef0123456789abcdef"
}
`,
				ExpectError: expectError(`errno 41017`),
			},
		},
	})

	var logs strings.Builder
	files, _ := filepath.Glob(filepath.Join(logDir, "*"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		logs.Write(data)
	}
	text := logs.String()
	if !strings.Contains(text, "DiDi API request headers") || !strings.Contains(text, "Bearer ***") {
		t.Fatalf("the provider's TRACE logs were not captured in %v (%d bytes): the test would prove nothing", files, len(text))
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, env.Mock.Token()) {
			t.Errorf("the token appears in a log line: %.300s", strings.ReplaceAll(line, env.Mock.Token(), "<TOKEN>"))
		}
	}
}

// TestAccProvider_rejectedTokenNeverQuoted: a literal token in the provider
// block that the API rejects fails the plan with an error that names the
// `token` argument in words; Terraform (and OpenTofu) quote the
// configuration line of an argument a diagnostic is attached to, so none may
// be, or the token would reach CI logs and pull-request comments.
func TestAccProvider_rejectedTokenNeverQuoted(t *testing.T) {
	env := acctest.NewEnv(t)
	clearEnv(t)
	rejected := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	providerBlock := fmt.Sprintf(`provider "didiyun" {
  endpoint = %q
  region   = "gz"
  token    = %q
}`, env.Server.URL, rejected)
	checked := false
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		ErrorCheck: func(err error) error {
			text := err.Error()
			if !strings.Contains(text, "DiDi Cloud Rejected the API Token") {
				return err
			}
			for _, piece := range []string{rejected, rejected[:16], rejected[24:40]} {
				if strings.Contains(text, piece) {
					return fmt.Errorf("the output shows the token (%q): %w", piece, err)
				}
			}
			checked = true
			return nil
		},
		Steps: []resource.TestStep{{Config: imageConfig(providerBlock), PlanOnly: true}},
	})
	if !checked {
		t.Fatal("the plan did not fail on the rejected token: the test proved nothing")
	}
}
