package cimg

import (
	"context"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/paging"
	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

var _ list.ListResourceWithConfigure = (*imageList)(nil)

// NewImportList is the list resource of didiyun_cimg_import, for
// `terraform query`.
func NewImportList() list.ListResource {
	return &imageList{typeName: "_cimg_import", newModel: func() lifecycleModel { return &importResourceModel{} }}
}

// NewCIMGList is the list resource of didiyun_cimg, for `terraform query`.
func NewCIMGList() list.ListResource {
	return &imageList{typeName: "_cimg", newModel: func() lifecycleModel { return &cimgResourceModel{} }}
}

// imageList lists the images of a region that an image resource can manage:
// every image but shared ones, which can be neither renamed nor deleted. The
// API cannot tell a copied image from one made from a snapshot, so both
// types list the same images; the docs say which to choose.
type imageList struct {
	conns.ResourceBase
	typeName string
	newModel func() lifecycleModel
}

type imageListConfig struct {
	RegionID  types.String `tfsdk:"region_id"`
	NameRegex types.String `tfsdk:"name_regex"`
}

func (l *imageList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + l.typeName
}

func (l *imageList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the custom images of a region that this resource type can manage (every image " +
			"but those shared with the account), each with its identity, for `terraform query` and its " +
			"`-generate-config-out`.",
		Attributes: map[string]listschema.Attribute{
			"region_id": listschema.StringAttribute{
				MarkdownDescription: "Region to list, such as `gz`. Defaults to the provider's `region`.",
				Optional:            true,
				Validators:          []validator.String{validate.RegionID()},
			},
			"name_regex": listschema.StringAttribute{
				MarkdownDescription: "Keep only images whose whole name matches this regular expression " +
					"([Go RE2 syntax](https://pkg.go.dev/regexp/syntax)): `web-.*` keeps `web-1` but not " +
					"`old-web-1`. (The `didiyun_cimgs` data source matches anywhere in the name instead.)",
				Optional:   true,
				Validators: []validator.String{regexpValidator{}},
			},
		},
	}
}

// List reads every page of the region's listing (the pager that never
// skips or repeats an image), then streams the images the filter keeps, up
// to the list block's limit.
func (l *imageList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	images, region, diags := l.images(ctx, req)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for sent, img := range images {
			if req.Limit > 0 && int64(sent) >= req.Limit {
				return
			}
			if !push(l.result(ctx, req, region, img)) {
				return
			}
		}
	}
}

// images returns the images of the configured region that the list keeps.
func (l *imageList) images(ctx context.Context, req list.ListRequest) ([]didiyun.Image, string, diag.Diagnostics) {
	var diags diag.Diagnostics
	if l.Meta == nil {
		apidiag.NotConfigured(&diags)
		return nil, "", diags
	}
	var config imageListConfig
	diags.Append(req.Config.Get(ctx, &config)...)
	if diags.HasError() {
		return nil, "", diags
	}
	region := l.region(ctx, config.RegionID, &diags)
	if diags.HasError() {
		return nil, "", diags
	}
	whole, err := regexp.Compile("^(?:" + config.NameRegex.ValueString() + ")$")
	if err != nil { // the validator accepted it, so this is a bug
		diags.AddAttributeError(path.Root("name_regex"), "Invalid Regular Expression", err.Error())
		return nil, "", diags
	}
	listed, err := paging.All(ctx, l.Meta.Client, region)
	if err != nil {
		l.Meta.Settings.AddError(&diags, "Error Listing Custom Images", err)
		return nil, "", diags
	}
	kept := slices.DeleteFunc(listed, func(img didiyun.Image) bool {
		return img.IsShared || (!config.NameRegex.IsNull() && !whole.MatchString(img.Name))
	})
	return kept, region, diags
}

// region is the region to list: region_id, or the provider's region,
// checked as every region argument is.
func (l *imageList) region(ctx context.Context, configured types.String, diags *diag.Diagnostics) string {
	region := configured
	if region.ValueString() == "" {
		region = types.StringValue(l.Meta.Region)
	}
	checkRegionExists(ctx, l.Meta, path.Root("region_id"), region, diags)
	return region.ValueString()
}

// result is one image as `terraform query` shows it: its name, its
// identity, and, when asked, the object an import of it would read.
func (l *imageList) result(ctx context.Context, req list.ListRequest, region string, img didiyun.Image) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = img.Name
	result.Diagnostics.Append(setIdentity(ctx, result.Identity, region, img.UUID)...)
	if req.IncludeResource {
		model := l.newModel()
		image := model.common()
		image.ID, image.RegionID = types.StringValue(img.UUID), types.StringValue(region)
		image.Timeouts = timeouts.Value{Object: types.ObjectNull(timeoutAttributeTypes)}
		readInto(model, img)
		result.Diagnostics.Append(result.Resource.Set(ctx, model)...)
	}
	return result
}

// timeoutAttributeTypes are those of the timeouts block of the image
// resources (create, update, delete).
var timeoutAttributeTypes = map[string]attr.Type{
	"create": types.StringType, "update": types.StringType, "delete": types.StringType,
}
