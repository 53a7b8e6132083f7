package main

import (
	"os"
	"runtime/debug"
	"strings"
)

// defaultMemoryLimit is the soft limit on the Go heap unless GOMEMLIMIT sets
// one. The framework allocates a lot per RPC, so with the default GC pacing
// a refresh of a thousand images peaked near 140 MB of RSS; the limit makes
// the collector work harder near it instead, for a little CPU.
const defaultMemoryLimit = 80 << 20

// tuneRuntime sets the memory limit and, when Terraform shows no provider
// logs, turns the SDK's and the provider's logging off: Terraform would
// parse every JSON line of it only to drop it.
func tuneRuntime() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	if terraformShowsProviderLogs() {
		return
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_DIDIYUN"} {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "off")
		}
	}
}

// terraformShowsProviderLogs reads the variables Terraform (and OpenTofu)
// take their log level for providers from; the provider inherits them.
func terraformShowsProviderLogs() bool {
	for _, name := range []string{"TF_LOG", "TF_LOG_PROVIDER"} {
		if level := strings.TrimSpace(os.Getenv(name)); level != "" && !strings.EqualFold(level, "off") {
			return true
		}
	}
	return false
}
