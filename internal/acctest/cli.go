package acctest

import (
	"context"
	"os"
	"testing"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/provider"
)

// CLI runs the CLI the acceptance tests use (TF_ACC_TERRAFORM_PATH) in dir,
// with the provider served in-process as the test harness serves it, for
// the commands the harness has no step for (`terraform query
// -generate-config-out`).
type CLI struct {
	*tfexec.Terraform
	// Reattach points the CLI at the in-process provider; pass it to every
	// command.
	Reattach *tfexec.ReattachOption
}

// NewCLI serves the provider until t ends and returns a CLI in dir. It
// skips t when TF_ACC_TERRAFORM_PATH is unset. tune, if given, adjusts the
// API client's options after TestClientOptions.
func NewCLI(t *testing.T, dir string, tune ...func(*conns.Options)) *CLI {
	t.Helper()
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH names no CLI")
	}
	tf, err := tfexec.NewTerraform(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	server := provider.NewTunedServer("test", func(opts *conns.Options) {
		TestClientOptions(opts)
		for _, f := range tune {
			f(opts)
		}
	})()
	reattach, closed := make(chan *plugin.ReattachConfig, 1), make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(providerAddress(), func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithLoggingSink(t)) // logs as the harness's provider logs: by TF_LOG, not to stderr
	}()
	var config *plugin.ReattachConfig
	select {
	case config = <-reattach:
	case err := <-served:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	}
	t.Cleanup(func() { cancel(); <-closed })
	attach := tfexec.ReattachConfig{
		Protocol: string(config.Protocol), ProtocolVersion: config.ProtocolVersion, Pid: config.Pid, Test: config.Test,
		Addr: tfexec.ReattachConfigAddr{Network: config.Addr.Network(), String: config.Addr.String()},
	}
	return &CLI{Terraform: tf, Reattach: tfexec.Reattach(tfexec.ReattachInfo{providerAddress(): attach})}
}

// providerAddress is where a configuration without required_providers
// finds "didiyun": registry.opentofu.org under OpenTofu, which the harness
// is told with TF_ACC_PROVIDER_HOST as well.
func providerAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/hashicorp/didiyun"
}
