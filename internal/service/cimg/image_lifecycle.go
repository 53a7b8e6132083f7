package cimg

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun/ownership"
	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

// The image resources (didiyun_cimg, didiyun_cimg_import) differ only in the
// arguments that say where an image comes from and in the one request that
// makes it. Everything else — the shared attributes, waiting for the job,
// reading back, renaming, deleting and importing — is the imageLifecycle
// below (its CRUD is in image_lifecycle_crud.go), which both resources embed.

// commonImageModel is the part of an image resource's model that the
// lifecycle works on. Each resource model embeds it next to its own arguments.
type commonImageModel struct {
	ID                 types.String   `tfsdk:"id"`
	Name               types.String   `tfsdk:"name"`
	Description        types.String   `tfsdk:"description"`
	RegionID           types.String   `tfsdk:"region_id"`
	imageAttributes                   // computed, shared with the data sources
	DeletionProtection types.Bool     `tfsdk:"deletion_protection"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

// lifecycleModel is a resource model the lifecycle can drive.
type lifecycleModel interface {
	// common returns the embedded shared part.
	common() *commonImageModel
	// createRequest is the request that makes the image, for
	// ownership.Guard.CreateOnce.
	createRequest(client *didiyun.Client) ownership.Create
	// sourceAttributes name the arguments that say what the image is made
	// from (origin_*, snap_uuid).
	sourceAttributes() []string
	// markUnknownAfterImport sets the arguments ListCIMG cannot report to
	// unknownAfterImportValue when they are null, as after an import.
	markUnknownAfterImport()
}

// imageKind is what else differs between the image resources: the words of
// their create diagnostics and their default timeouts.
type imageKind struct {
	typeName string // "didiyun_cimg_import", to name the resource in another's diagnostic
	creating string // "Importing": "Error Importing Custom Image"
	jobType  string // the type of the job that makes the image
	job      string // "Copy": "Error Waiting for Custom Image Copy", "Custom Image Copy Failed"
	made     string // "copied": "The partly copied image … was deleted."
	source   string // "origin image": "Check the origin image, then apply again."

	createTimeout, updateTimeout, deleteTimeout time.Duration
}

// imageLifecycle implements Configure, ModifyPlan, Create, Read, Update,
// Delete and ImportState for an image resource that embeds it.
type imageLifecycle struct {
	conns.ResourceBase
	kind     imageKind
	newModel func() lifecycleModel
}

// imageDocs are the descriptions of an image resource and of the shared
// arguments, worded for that resource.
type imageDocs struct {
	resource, id, name, description, regionID string
}

// imageResourceSchema is the schema of commonImageModel plus the resource's
// own arguments.
func imageResourceSchema(ctx context.Context, docs imageDocs, own map[string]schema.Attribute) schema.Schema {
	attributes := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: docs.id,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			MarkdownDescription: docs.name,
			Required:            true,
			Validators:          []validator.String{validate.NotBlank()},
		},
		"description": schema.StringAttribute{
			MarkdownDescription: docs.description,
			Optional:            true,
			Computed:            true,
			Default:             stringdefault.StaticString(""),
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"region_id": schema.StringAttribute{
			MarkdownDescription: docs.regionID,
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{validate.RegionID()},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"deletion_protection": deletionProtectionAttribute(),
	}
	for name, attribute := range imageComputedAttributes() {
		attributes[name] = attribute
	}
	for name, attribute := range own {
		attributes[name] = attribute
	}
	return schema.Schema{
		MarkdownDescription: docs.resource,
		Attributes:          attributes,
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}
