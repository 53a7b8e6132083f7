// Package region holds the data sources about DiDi Cloud regions and zones.
package region

import (
	"context"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

var _ datasource.DataSourceWithConfigure = (*regionsDataSource)(nil)

// NewRegionsDataSource is the didiyun_regions data source: the regions and
// zones where a product is sold.
func NewRegionsDataSource() datasource.DataSource {
	return &regionsDataSource{}
}

type regionsDataSource struct {
	conns.DataSourceBase
}

type regionsDataSourceModel struct {
	ID      types.String   `tfsdk:"id"`
	Product types.String   `tfsdk:"product"`
	IDs     []types.String `tfsdk:"ids"`
	Regions []regionModel  `tfsdk:"regions"`
}

type regionModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	AreaName types.String `tfsdk:"area_name"`
	Zones    []zoneModel  `tfsdk:"zones"`
}

type zoneModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
}

func (d *regionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_regions"
}

func (d *regionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the DiDi Cloud regions, with their availability zones, where a product is sold " +
			"(ListRegionAndZone).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The product the regions were listed for.",
				Computed:            true,
			},
			"product": schema.StringAttribute{
				MarkdownDescription: "Product code whose regions to list. Defaults to `" + didiyun.DefaultProduct +
					"` (DC2 virtual machines), because custom images exist to boot DC2 instances, so its regions " +
					"are the ones where images can live. The API requires a product; there is no list of all regions.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{validate.NotBlank()},
			},
			"ids": schema.ListAttribute{
				MarkdownDescription: "Ids of the regions, such as `gz` and `bj`, in the API's order.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"regions": schema.ListNestedAttribute{
				MarkdownDescription: "The regions, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "Region id, what `region_id` arguments take, such as `gz`.",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "Display name of the region, such as `广州`.",
							Computed:            true,
						},
						"area_name": schema.StringAttribute{
							MarkdownDescription: "Name of the area the region belongs to, such as `华南地区`.",
							Computed:            true,
						},
						"zones": schema.ListNestedAttribute{
							MarkdownDescription: "Availability zones of the region.",
							Computed:            true,
							NestedObject: schema.NestedAttributeObject{
								Attributes: map[string]schema.Attribute{
									"id": schema.StringAttribute{
										MarkdownDescription: "Zone id, such as `gz01`.",
										Computed:            true,
									},
									"name": schema.StringAttribute{
										MarkdownDescription: "Display name of the zone, such as `广州一区`.",
										Computed:            true,
									},
								},
							},
						},
					},
				},
			},
		},
	}
}

func (d *regionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.Meta == nil {
		apidiag.NotConfigured(&resp.Diagnostics)
		return
	}
	var model regionsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	product := model.Product.ValueString()
	if product == "" {
		product = didiyun.DefaultProduct
	}
	tflog.Debug(ctx, "Listing regions", map[string]any{"product": product})
	regions, err := d.Meta.Client.ListRegionAndZone(ctx, product)
	if err != nil {
		resp.Diagnostics.AddError("Error Listing Regions", errorDetail(d.Meta.Settings, err))
		return
	}
	tflog.Debug(ctx, "Listed regions", map[string]any{"product": product, "count": len(regions)})

	model.ID = types.StringValue(product)
	model.Product = types.StringValue(product)
	model.IDs, model.Regions = flattenRegions(regions)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// flattenRegions returns non-nil slices, so that no regions is an empty
// list rather than null.
func flattenRegions(regions []didiyun.Region) ([]types.String, []regionModel) {
	ids := make([]types.String, len(regions))
	models := make([]regionModel, len(regions))
	for i, r := range regions {
		zones := make([]zoneModel, len(r.Zones))
		for j, z := range r.Zones {
			zones[j] = zoneModel{ID: types.StringValue(z.ID), Name: types.StringValue(z.Name)}
		}
		ids[i] = types.StringValue(r.ID)
		models[i] = regionModel{
			ID:       types.StringValue(r.ID),
			Name:     types.StringValue(r.Name),
			AreaName: types.StringValue(r.AreaName),
			Zones:    zones,
		}
	}
	return ids, models
}
