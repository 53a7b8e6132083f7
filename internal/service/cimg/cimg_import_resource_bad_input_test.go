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

// badInput is one way a user, a network or the API can go wrong. Each must
// end in a clear diagnostic and leave no image behind.
type badInput struct {
	name string
	// provider returns the provider block; nil means a valid one for gz.
	provider func(env *acctest.Env) string
	// args replaces the resource's arguments; empty means valid ones.
	args  string
	setup func(env *acctest.Env)
	want  string
}

const validArgs = `name              = "bad-input"
  origin_image_uuid = "` + mockserver.SeedImageBJ + `"
  origin_region_id  = "bj"`

func withProvider(format string) func(env *acctest.Env) string {
	return func(env *acctest.Env) string {
		return fmt.Sprintf(format, env.Server.URL, env.Mock.Token())
	}
}

func faults(rules ...mockserver.FaultRule) func(env *acctest.Env) {
	return func(env *acctest.Env) { env.Mock.SetFaults(rules...) }
}

var badInputs = []badInput{
	{name: "missing token", provider: withProvider("provider \"didiyun\" {\n endpoint = %q\n region = \"gz\"\n}\n# %s"),
		want: `Missing DiDi Cloud API Token.*DIDIYUN_TOKEN`},
	{name: "wrong token", provider: withProvider("provider \"didiyun\" {\n endpoint = %q\n token = \"wrong%.0s\"\n region = \"gz\"\n}"),
		want: `errno 4.*rejected the token`},
	{name: "endpoint not a URL", provider: withProvider("provider \"didiyun\" {\n endpoint = \"open.didiyunapi.com%.0s\"\n token = %q\n region = \"gz\"\n}"),
		want: `Attribute endpoint is "open.didiyunapi.com".*http:// or https://`},
	{name: "unreachable endpoint", provider: withProvider("provider \"didiyun\" {\n endpoint = \"http://127.0.0.1:1%.0s\"\n token = %q\n region = \"gz\"\n max_retries = 1\n}"),
		want: `DiDi Cloud API Not Reachable.*http://127.0.0.1:1.*endpoint.*ListRegionAndZone gave up after 2 attempts.*connection refused.*No answer came from DiDi Cloud`},
	{name: "unknown region", args: validArgs + "\n  region_id = \"sh\"", want: `Unknown Region.*region_id is "sh".*gz, bj`},
	{name: "empty name", args: `name = ""` + "\n" + validArgs[len(`name              = "bad-input"`):], want: `Attribute name is ""`},
	{name: "name of spaces", args: `name = "   "` + "\n" + validArgs[len(`name              = "bad-input"`):], want: `Attribute name is "   "`},
	{name: "malformed uuid", args: `name = "x"
  origin_image_uuid = "4a48f883-9113-4a01-befe-88ff98b68af8"
  origin_region_id = "bj"`, want: `Attribute origin_image_uuid.*32 lowercase hexadecimal`},
	{name: "unknown origin image", args: `name = "x"
  origin_image_uuid = "0123456789abcdef0123456789abcdef"
  origin_region_id = "bj"`, want: `Origin Image Not Found.*origin_image_uuid.*region bj`},
	{name: "shared origin image", args: `name = "x"
  origin_image_uuid = "` + mockserver.SeedImageBJShared + `"
  origin_region_id = "bj"`, want: `Origin Image Is Shared.*origin_image_uuid`},
	{name: "origin image in another region", args: `name = "x"
  region_id = "bj"
  origin_image_uuid = "` + mockserver.SeedImageBJ + `"
  origin_region_id = "gz"`, want: `Origin Image Not Found.*It is in region bj`},
	{name: "the copy itself refused", setup: faults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultErrno41026, Probability: 1}),
		want: `Error Importing Custom Image.*errno 41026.*requestId`},
	{name: "origin region that does not exist", args: `name = "x"
  origin_image_uuid = "` + mockserver.SeedImageBJ + `"
  origin_region_id = "xx"`, want: `Unknown Region.*origin_region_id is "xx"`},
	{name: "origin region is the target region", args: `name = "x"
  origin_image_uuid = "` + mockserver.SeedImageBJ + `"
  origin_region_id = "gz"`, want: `Origin Region Equals Target Region`},
	// A 5xx or a broken answer may come after the copy began: the image is
	// looked for until the create timeout, kept short here.
	{name: "HTML error page instead of JSON", args: validArgs + shortCreate,
		setup: faults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultHTTP500, Probability: 1}),
		want:  `ImportCIMG failed: the answer is not JSON \(HTTP 500.*html.*was listed in region gz before the time allowed ran out`},
	{name: "truncated JSON",
		setup: faults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultTruncated, Probability: 1}),
		want:  `ListCIMG gave up after \d+ attempts.*truncated or malformed JSON`},
	{name: "data null with errno 0", args: validArgs + shortCreate,
		setup: faults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultDataNull, Probability: 1}),
		want:  `errno 0 but the answer carries no data`},
	{name: "a job that never finishes", args: validArgs + "\n  timeouts {\n    create = \"1s\"\n  }",
		setup: func(env *acctest.Env) {
			env.Mock.SetJobOutcome(mockserver.JobTypeImportCIMG, mockserver.JobOutcome{Hang: true})
			// A copy that never ends can only be cleaned up on a server whose
			// DeleteCIMG cancels it; the docs allow that reading.
			env.Mock.SetDeleteCancelsJobs(true)
		},
		want: `Error Waiting for Custom Image Copy.*the create timeout \(1s\) ran out.*tainted`},
	{name: "a job that fails",
		setup: func(env *acctest.Env) {
			env.Mock.SetJobOutcome(mockserver.JobTypeImportCIMG, mockserver.JobOutcome{Fail: true, Result: "disk full"})
		},
		want: `Custom Image Copy Failed.*disk full`},
	{name: "duplicate name in the target region", args: `name = "` + mockserver.SeedImageGZName + `"
  origin_image_uuid = "` + mockserver.SeedImageBJ + `"
  origin_region_id = "bj"`, want: `already exists in region gz.*terraform import`},
	{name: "429 storm longer than the retry budget",
		provider: withProvider("provider \"didiyun\" {\n endpoint = %q\n token = %q\n region = \"gz\"\n max_retries = 2\n}"),
		setup: faults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultHTTP429, Probability: 1,
			RetryAfter: time.Second}),
		want: `ListCIMG gave up after 3 attempts.*HTTP 429.*throttling.*max_retries`},
	{name: "account in arrears",
		setup: faults(mockserver.FaultRule{Endpoint: mockserver.EndpointImportCIMG, Kind: mockserver.FaultErrno, Probability: 1, Errno: 1000011}),
		want:  `errno 1000011.*arrears`},
	{name: "request timeout not a duration",
		provider: withProvider("provider \"didiyun\" {\n endpoint = %q\n token = %q\n region = \"gz\"\n request_timeout = \"10\"\n}"),
		want:     `Attribute request_timeout is "10"`},
}

// shortCreate bounds a create whose image is looked for after an answer
// that may have come after the copy began.
const shortCreate = "\n  timeouts {\n    create = \"3s\"\n  }"

func TestAccCIMGImport_badInput(t *testing.T) {
	// Sequential: one case clears the token variables of the process.
	t.Setenv("DIDIYUN_TOKEN", "")
	t.Setenv("DIDIYUN_ACCESS_TOKEN", "")
	for _, c := range badInputs {
		t.Run(c.name, func(t *testing.T) {
			env := acctest.NewEnv(t)
			if c.setup != nil {
				c.setup(env)
			}
			providerBlock := env.ProviderConfig("gz")
			if c.provider != nil {
				providerBlock = c.provider(env)
			}
			args := c.args
			if args == "" {
				args = validArgs
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if images := env.ImagesSince("gz"); len(images) != 0 {
						return fmt.Errorf("%q left %d images: %+v", c.name, len(images), images)
					}
					return nil
				},
				Steps: []resource.TestStep{{
					Config:      providerBlock + "\nresource \"didiyun_cimg_import\" \"test\" {\n  " + args + "\n}\n",
					ExpectError: expectError(`(?s)` + c.want),
				}},
			})
		})
	}
	if len(badInputs) < 20 {
		t.Errorf("only %d bad inputs are tried", len(badInputs))
	}
}

func TestAccCIMGImport_oversizedListPage(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Mock.SetFaults(mockserver.FaultRule{Endpoint: mockserver.EndpointListCIMG, Kind: mockserver.FaultOversizePage, Probability: 1})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             expectNewImages(env, "gz", 0),
		Steps: []resource.TestStep{{
			Config: importConfig(env, "oversized", mockserver.SeedImageBJ, ""),
			Check:  expectNewImages(env, "gz", 1),
		}},
	})
}
