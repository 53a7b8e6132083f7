package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/didiyun/terraform-provider-didiyun/internal/provider"
)

// TestSchema_everyAttributeDescribed is what `terraform providers schema
// -json` shows: the types the provider serves, each attribute documented.
func TestSchema_everyAttributeDescribed(t *testing.T) {
	server := provider.NewServer("test")()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	if got := len(resp.ResourceSchemas); got != 2 {
		t.Errorf("%d resources, want 2 (didiyun_cimg, didiyun_cimg_import)", got)
	}
	if got := len(resp.DataSourceSchemas); got != 3 {
		t.Errorf("%d data sources, want 3 (didiyun_cimg, didiyun_cimgs, didiyun_regions)", got)
	}
	checkBlock(t, "provider", resp.Provider.Block)
	for name, schema := range resp.ResourceSchemas {
		checkBlock(t, name, schema.Block)
	}
	for name, schema := range resp.DataSourceSchemas {
		checkBlock(t, name, schema.Block)
	}
}

func checkBlock(t *testing.T, where string, block *tfprotov6.SchemaBlock) {
	t.Helper()
	// Nested blocks (timeouts) are described by their attributes.
	if block.Description == "" && !strings.Contains(where, ".") {
		t.Errorf("%s has no description", where)
	}
	for _, attr := range block.Attributes {
		checkAttribute(t, where+"."+attr.Name, attr)
	}
	for _, nested := range block.BlockTypes {
		checkBlock(t, where+"."+nested.TypeName, nested.Block)
	}
}

func checkAttribute(t *testing.T, where string, attr *tfprotov6.SchemaAttribute) {
	t.Helper()
	if attr.Description == "" {
		t.Errorf("%s has no description", where)
	}
	if attr.NestedType != nil {
		for _, nested := range attr.NestedType.Attributes {
			checkAttribute(t, where+"."+nested.Name, nested)
		}
	}
}
