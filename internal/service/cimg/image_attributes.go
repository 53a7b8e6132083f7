package cimg

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
)

// imageAttributes are what ListCIMG reports about any image; every image
// resource embeds them.
type imageAttributes struct {
	CIMGID      types.String `tfsdk:"cimg_id"`
	Status      types.String `tfsdk:"status"`
	Size        types.Int64  `tfsdk:"size"`
	MinDiskSize types.Int64  `tfsdk:"min_disk_size"`
	OSFamily    types.String `tfsdk:"os_family"`
	OSVersion   types.String `tfsdk:"os_version"`
	OSArch      types.String `tfsdk:"os_arch"`
	Platform    types.String `tfsdk:"platform"`
	CreateTime  types.String `tfsdk:"create_time"`
}

func imageComputedAttributes() map[string]schema.Attribute {
	computedString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: description,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}
	computedInt := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{
			MarkdownDescription: description,
			Computed:            true,
			PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		}
	}
	return map[string]schema.Attribute{
		"cimg_id": computedString("Short image id shown in the console, such as `cimg-cy58anir`."),
		// No UseStateForUnknown: a rename or a copy still running may change it.
		"status": schema.StringAttribute{
			MarkdownDescription: "Image status as the API reports it, such as `Ready`.",
			Computed:            true,
		},
		"size":          computedInt("Image size in bytes."),
		"min_disk_size": computedInt("Smallest root disk, in bytes, that an instance built from the image needs."),
		"os_family":     computedString("Operating system family, such as `CentOS`."),
		"os_version":    computedString("Operating system version, such as `7`."),
		"os_arch":       computedString("Operating system architecture, such as `64bit`."),
		"platform":      computedString("Platform, such as `Linux`."),
		"create_time":   computedString("Creation time in RFC 3339 format (UTC)."),
	}
}

func (a *imageAttributes) flatten(img didiyun.Image) {
	a.CIMGID = types.StringValue(img.CIMGID)
	a.Status = types.StringValue(img.Status)
	a.Size = types.Int64Value(img.Size)
	a.MinDiskSize = types.Int64Value(img.Requirement.MinDiskSize)
	a.OSFamily = types.StringValue(img.OSFamily)
	a.OSVersion = types.StringValue(img.OSVersion)
	a.OSArch = types.StringValue(img.OSArch)
	a.Platform = types.StringValue(img.Platform)
	a.CreateTime = types.StringValue(formatMillis(img.CreateTime))
}

// nullUnknown nulls the computed values not learned from the API, so that
// a state written without reading the image back holds no unknowns.
func (a *imageAttributes) nullUnknown() {
	for _, v := range []*types.String{&a.CIMGID, &a.Status, &a.OSFamily, &a.OSVersion, &a.OSArch, &a.Platform, &a.CreateTime} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	for _, v := range []*types.Int64{&a.Size, &a.MinDiskSize} {
		if v.IsUnknown() {
			*v = types.Int64Null()
		}
	}
}

func formatMillis(ms int64) string {
	if ms <= 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}
