package cimg

import (
	"fmt"
	"strings"

	"github.com/didiyun/terraform-provider-didiyun/internal/validate"
)

// parseImportID reads an import id: "<region>/<uuid>", or a bare "<uuid>" in
// defaultRegion.
func parseImportID(raw, defaultRegion string) (region, id string, err error) {
	id = raw
	if before, after, ok := strings.Cut(raw, "/"); ok {
		region, id = before, after
	} else {
		region = defaultRegion
	}
	if region == "" {
		return "", "", fmt.Errorf("import ID %q names no region and the provider has none: use <region>/<uuid>, such as gz/4a48f88391134a01befe88ff98b68af8", raw)
	}
	if !validate.IsUUID(id) {
		return "", "", fmt.Errorf("import ID %q must be <region>/<uuid> or <uuid>, where uuid is 32 lowercase hexadecimal characters", raw)
	}
	return region, id, nil
}
