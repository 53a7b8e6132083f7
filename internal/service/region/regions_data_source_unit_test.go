package region

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

func TestRegionsDataSourceSchema(t *testing.T) {
	var resp datasource.SchemaResponse
	NewRegionsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
}

// No regions must be stored as empty lists, never null, so that
// length(data.didiyun_regions.x.ids) works.
func TestFlattenRegionsEmpty(t *testing.T) {
	ids, regions := flattenRegions(nil)
	if ids == nil || regions == nil {
		t.Errorf("flattenRegions(nil) = %v, %v; want empty, non-nil slices", ids, regions)
	}
}
