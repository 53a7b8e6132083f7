package cimg

import (
	"strings"
	"testing"
)

func TestParseImportID(t *testing.T) {
	const uuid = "4a48f88391134a01befe88ff98b68af8"
	cases := []struct {
		raw, defaultRegion  string
		wantRegion, wantErr string
	}{
		{raw: "gz/" + uuid, defaultRegion: "bj", wantRegion: "gz"},
		{raw: uuid, defaultRegion: "bj", wantRegion: "bj"},
		{raw: "gz/" + uuid, defaultRegion: "", wantRegion: "gz"},
		{raw: uuid, defaultRegion: "", wantErr: "names no region"},
		{raw: "gz/" + strings.ToUpper(uuid), defaultRegion: "gz", wantErr: "32 lowercase hexadecimal"},
		{raw: "gz/", defaultRegion: "gz", wantErr: "must be <region>/<uuid> or <uuid>"},
		{raw: "gz/bj/" + uuid, defaultRegion: "gz", wantErr: "must be <region>/<uuid> or <uuid>"},
	}
	for _, c := range cases {
		t.Run(c.raw, func(t *testing.T) {
			region, id, err := parseImportID(c.raw, c.defaultRegion)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil || region != c.wantRegion || id != uuid {
				t.Fatalf("got (%q, %q, %v), want (%q, %q, nil)", region, id, err, c.wantRegion, uuid)
			}
		})
	}
}
