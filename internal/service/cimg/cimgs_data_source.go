package cimg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

var _ datasource.DataSourceWithConfigure = (*imagesDataSource)(nil)

// NewImagesDataSource is the didiyun_cimgs data source: the custom images of
// a region, optionally filtered by name.
func NewImagesDataSource() datasource.DataSource {
	return &imagesDataSource{}
}

type imagesDataSource struct {
	dataSourceBase
}

type imagesDataSourceModel struct {
	ID        types.String `tfsdk:"id"`
	RegionID  types.String `tfsdk:"region_id"`
	Names     []string     `tfsdk:"names"`
	NameRegex types.String `tfsdk:"name_regex"`
	Images    []imageModel `tfsdk:"images"`
}

func (d *imagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cimgs"
}

func (d *imagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the custom machine images (CIMG) of a region, oldest first, optionally filtered " +
			"by exact names and a regular expression. Use `didiyun_cimg` to select exactly one image.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The region, followed by a hash of the filters when any are set.",
				Computed:            true,
			},
			"region_id": schema.StringAttribute{
				MarkdownDescription: regionIDDescription,
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{validate.RegionID()},
			},
			"names": schema.ListAttribute{
				MarkdownDescription: "Exact image names to keep. The API filters on them (`condition.names`), so " +
					"only matching images are transferred. Leave it out to list every image.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.NoNullValues(),
					listvalidator.ValueStringsAre(validate.NotBlank()),
				},
			},
			"name_regex": schema.StringAttribute{
				MarkdownDescription: "Keep only images whose name matches this regular expression " +
					"([Go RE2 syntax](https://pkg.go.dev/regexp/syntax)), applied after `names`. It matches " +
					"anywhere in the name unless anchored with `^` and `$`.",
				Optional:   true,
				Validators: []validator.String{regexpValidator{}},
			},
			"images": schema.ListNestedAttribute{
				MarkdownDescription: "The matching images, in the order the API returns them (oldest first).",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: imageDataSourceAttributes()},
			},
		},
	}
}

func (d *imagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model imagesDataSourceModel
	if !d.readConfig(ctx, req, resp, &model) {
		return
	}
	region := d.regionID(model.RegionID)
	pattern := model.NameRegex.ValueString()
	nameRegex, err := regexp.Compile(pattern)
	if err != nil { // the validator accepted it, so this is a bug
		resp.Diagnostics.AddError("Invalid Regular Expression",
			"name_regex passed validation but does not compile: "+err.Error()+". This is a bug in the provider, please report it.")
		return
	}
	tflog.Debug(ctx, "Listing custom images", map[string]any{"region_id": region, "names": model.Names, "name_regex": pattern})

	images, ok := d.listImages(ctx, region, imageFilter{names: model.Names, nameRegex: nameRegex}, &resp.Diagnostics)
	if !ok {
		return
	}
	model.Images = make([]imageModel, 0, len(images))
	for _, img := range images {
		model.Images = append(model.Images, flattenImage(img))
	}

	model.ID = types.StringValue(imagesID(region, model.Names, pattern))
	model.RegionID = types.StringValue(region)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// imagesID is the region alone for an unfiltered list, else the region and
// a hash of the filters, so that the same filters always give the same id.
func imagesID(region string, names []string, nameRegex string) string {
	if len(names) == 0 && nameRegex == "" {
		return region
	}
	sorted := slices.Compact(slices.Sorted(slices.Values(names)))
	h := sha256.New()
	for _, name := range sorted {
		h.Write([]byte(name))
		h.Write([]byte{0}) // names cannot run into each other
	}
	h.Write([]byte{1})
	h.Write([]byte(nameRegex))
	return region + "/" + hex.EncodeToString(h.Sum(nil)[:8])
}
