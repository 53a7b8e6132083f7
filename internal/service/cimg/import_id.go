package cimg

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

// importIDForm is how every import id message ends.
func importIDForm(defaultRegion string) string {
	form := "Use <region>/<uuid>, such as gz/4a48f88391134a01befe88ff98b68af8, or the uuid alone for the provider's region"
	if defaultRegion != "" {
		form += " (" + defaultRegion + ")"
	}
	return form + "."
}

// parseImportID reads an import id: "<region>/<uuid>", or a bare "<uuid>" in
// defaultRegion. It refuses anything it would have to guess at (white space,
// an empty or malformed region, a malformed uuid) before any API call.
func parseImportID(raw, defaultRegion string) (region, id string, err error) {
	form := importIDForm(defaultRegion)
	if strings.TrimSpace(raw) != raw {
		return "", "", fmt.Errorf("import ID %q has white space at its start or end: remove it. %s", raw, form)
	}
	parts := strings.Split(raw, "/")
	switch len(parts) {
	case 1:
		region, id = defaultRegion, parts[0]
		if region == "" {
			return "", "", fmt.Errorf("import ID %q names no region and the provider has none. %s", raw, form)
		}
	case 2:
		region, id = parts[0], parts[1]
		if problem := validate.RegionIDProblem(region); problem != "" {
			return "", "", fmt.Errorf("the region of import ID %q %s; it must be %s. %s",
				raw, problem, validate.RegionIDDescription, form)
		}
	default:
		return "", "", fmt.Errorf("import ID %q has %d slashes; it must have at most one. %s", raw, len(parts)-1, form)
	}
	if !validate.IsUUID(id) {
		return "", "", fmt.Errorf("the uuid of import ID %q is %q; it must be 32 lowercase hexadecimal characters. %s",
			raw, id, form)
	}
	return region, id, nil
}

// checkImportID is parseImportID that also refuses a region DiDi Cloud does
// not offer, and says where the default region came from.
func checkImportID(ctx context.Context, raw string, meta *conns.Meta) (region, id string, err error) {
	if meta == nil {
		return parseImportID(raw, "")
	}
	region, id, err = parseImportID(raw, meta.Region)
	if err != nil || !strings.Contains(raw, "/") {
		return region, id, err // the default region was checked when the provider was configured
	}
	offered := offeredInstead(ctx, meta.Client, region)
	if offered == nil {
		return region, id, nil
	}
	return "", "", fmt.Errorf("import ID %q names region %q, which DiDi Cloud does not offer; it must be one of: %s; "+
		"or leave the region out to use the provider's region, %s (from %s)",
		raw, region, strings.Join(offered, ", "), meta.Region, meta.Settings.RegionFrom)
}

// importIdentityForm is how every import identity message ends: an import
// block by identity has no ID string, so the fix is told in its own terms.
func importIdentityForm(defaultRegion string) string {
	form := `Use identity = { region_id = "gz", id = "4a48f88391134a01befe88ff98b68af8" }, or leave region_id out ` +
		"for the provider's region"
	if defaultRegion != "" {
		form += " (" + defaultRegion + ")"
	}
	return form + "."
}

// checkImportIdentity is checkImportID for an import block's identity; its
// messages name the identity's attributes, never an import ID the user did
// not write.
func checkImportIdentity(ctx context.Context, got imageIdentity, meta *conns.Meta) (region, id string, err error) {
	defaultRegion := ""
	if meta != nil {
		defaultRegion = meta.Region
	}
	form := importIdentityForm(defaultRegion)
	region, id = got.RegionID.ValueString(), got.ID.ValueString()
	fromDefault := region == "" // null, unknown or empty: the provider's region, as a bare uuid in an import ID
	if fromDefault {
		region = defaultRegion
		if region == "" {
			return "", "", fmt.Errorf("the import identity has no region_id and the provider has no region. %s", form)
		}
	} else if problem := validate.RegionIDProblem(region); problem != "" {
		return "", "", fmt.Errorf("the import identity's region_id %s; it must be %s. %s", problem, validate.RegionIDDescription, form)
	}
	if !validate.IsUUID(id) {
		return "", "", fmt.Errorf("the import identity's id is %q; it must be 32 lowercase hexadecimal characters. %s", id, form)
	}
	if meta == nil || fromDefault {
		return region, id, nil // the default region was checked when the provider was configured
	}
	offered := offeredInstead(ctx, meta.Client, region)
	if offered == nil {
		return region, id, nil
	}
	return "", "", fmt.Errorf("the import identity's region_id is %q, which DiDi Cloud does not offer; it must be one of: %s; "+
		"or leave region_id out to use the provider's region, %s (from %s)",
		region, strings.Join(offered, ", "), meta.Region, meta.Settings.RegionFrom)
}

// offeredInstead lists the regions DiDi Cloud offers when region is not
// among them, and nil when it is or when the list cannot be read (the read
// that follows an import then reports why).
func offeredInstead(ctx context.Context, client *didiyun.Client, region string) []string {
	ids, err := client.RegionIDs(ctx)
	if err != nil {
		tflog.Warn(ctx, "cannot list regions to check the import ID", map[string]any{"error": err.Error()})
		return nil
	}
	if slices.Contains(ids, region) {
		return nil
	}
	return ids
}
