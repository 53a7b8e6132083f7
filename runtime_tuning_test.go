package main

import "testing"

func TestTerraformShowsProviderLogs(t *testing.T) {
	tests := []struct {
		tfLog, tfLogProvider string
		want                 bool
	}{
		{"", "", false},
		{"off", "", false},
		{" OFF ", "off", false},
		{"trace", "", true},
		{"", "debug", true},
		{"off", "info", true},
		{"json", "", true},
	}
	for _, tt := range tests {
		t.Setenv("TF_LOG", tt.tfLog)
		t.Setenv("TF_LOG_PROVIDER", tt.tfLogProvider)
		if got := terraformShowsProviderLogs(); got != tt.want {
			t.Errorf("TF_LOG=%q TF_LOG_PROVIDER=%q: %v, want %v", tt.tfLog, tt.tfLogProvider, got, tt.want)
		}
	}
}
