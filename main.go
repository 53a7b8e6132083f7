// Command terraform-provider-didiyun serves the DiDi Cloud (didiyun) Terraform
// provider over plugin protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/didiyun/terraform-provider-didiyun/internal/provider"
)

// version is set by goreleaser through -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	tuneRuntime()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(provider.RegistryAddress, provider.NewServer(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
