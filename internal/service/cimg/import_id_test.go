package cimg

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/didiyun/terraform-provider-didiyun/internal/apidiag"
	"github.com/didiyun/terraform-provider-didiyun/internal/conns"
	"github.com/didiyun/terraform-provider-didiyun/internal/didiyun"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

const importUUID = "4a48f88391134a01befe88ff98b68af8"

func TestParseImportID(t *testing.T) {
	cases := []struct {
		raw, defaultRegion  string
		wantRegion, wantErr string
	}{
		{raw: "gz/" + importUUID, defaultRegion: "bj", wantRegion: "gz"},
		{raw: importUUID, defaultRegion: "bj", wantRegion: "bj"},
		{raw: "gz/" + importUUID, defaultRegion: "", wantRegion: "gz"},
		{raw: importUUID, defaultRegion: "", wantErr: "names no region and the provider has none"},
		{raw: "/abc", defaultRegion: "gz", wantErr: `the region of import ID "/abc" is empty`},
		{raw: "/" + importUUID, defaultRegion: "gz", wantErr: "uuid alone for the provider's region (gz)"},
		{raw: " gz/" + importUUID, defaultRegion: "gz", wantErr: "white space at its start or end"},
		{raw: "gz/" + importUUID + "\n", defaultRegion: "gz", wantErr: "white space at its start or end"},
		{raw: "gz /" + importUUID, defaultRegion: "gz", wantErr: `the region of import ID "gz /` + importUUID + `" is "gz "`},
		{raw: "GZ/" + importUUID, defaultRegion: "gz", wantErr: "region id in lowercase"},
		{raw: "gz/" + strings.ToUpper(importUUID), defaultRegion: "gz", wantErr: "32 lowercase hexadecimal"},
		{raw: "gz/", defaultRegion: "gz", wantErr: `the uuid of import ID "gz/" is ""`},
		{raw: "gz/bj/" + importUUID, defaultRegion: "gz", wantErr: "has 2 slashes"},
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
			if err != nil || region != c.wantRegion || id != importUUID {
				t.Fatalf("got (%q, %q, %v), want (%q, %q, nil)", region, id, err, c.wantRegion, importUUID)
			}
		})
	}
}

// checkImportID refuses a region DiDi Cloud does not offer with one region
// lookup and no image request, and says where the default region came from.
func TestCheckImportID(t *testing.T) {
	mock := mockserver.New(mockserver.Options{})
	server := httptest.NewServer(mock)
	t.Cleanup(server.Close)
	client, err := didiyun.New(didiyun.Options{Endpoint: server.URL, Token: mock.Token()})
	if err != nil {
		t.Fatal(err)
	}
	meta := &conns.Meta{Client: client, Region: "gz", Settings: apidiag.Settings{RegionFrom: "the DIDIYUN_REGION environment variable"}}
	cases := []struct {
		raw, wantRegion, wantErr string
	}{
		{raw: "bj/" + importUUID, wantRegion: "bj"},
		{raw: importUUID, wantRegion: "gz"},
		{raw: "xx/" + importUUID, wantErr: `names region "xx", which DiDi Cloud does not offer; it must be one of: gz, bj`},
		{raw: "xx/" + importUUID, wantErr: "the provider's region, gz (from the DIDIYUN_REGION environment variable)"},
		{raw: " gz/" + importUUID, wantErr: "white space"},
	}
	for _, c := range cases {
		region, _, err := checkImportID(context.Background(), c.raw, meta)
		switch {
		case c.wantErr == "" && (err != nil || region != c.wantRegion):
			t.Errorf("%q: got (%q, %v), want %q", c.raw, region, err, c.wantRegion)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%q: error %v, want one containing %q", c.raw, err, c.wantErr)
		}
	}
	for endpoint, n := range mock.Counts() {
		if endpoint != mockserver.EndpointListRegionAndZone && n > 0 {
			t.Errorf("checking import ids sent %d %s requests", n, endpoint)
		}
	}
}

// checkImportIdentity speaks of the identity an import block gave, never of
// an import ID nobody wrote.
func TestCheckImportIdentity(t *testing.T) {
	mock := mockserver.New(mockserver.Options{})
	server := httptest.NewServer(mock)
	t.Cleanup(server.Close)
	client, err := didiyun.New(didiyun.Options{Endpoint: server.URL, Token: mock.Token()})
	if err != nil {
		t.Fatal(err)
	}
	meta := &conns.Meta{Client: client, Region: "gz", Settings: apidiag.Settings{RegionFrom: "the DIDIYUN_REGION environment variable"}}
	identity := func(region *string, id string) imageIdentity {
		got := imageIdentity{RegionID: types.StringNull(), ID: types.StringValue(id)}
		if region != nil {
			got.RegionID = types.StringValue(*region)
		}
		return got
	}
	str := func(s string) *string { return &s }
	cases := []struct {
		name                string
		got                 imageIdentity
		meta                *conns.Meta
		wantRegion, wantErr string
	}{
		{name: "region given", got: identity(str("bj"), importUUID), meta: meta, wantRegion: "bj"},
		{name: "region left out", got: identity(nil, importUUID), meta: meta, wantRegion: "gz"},
		{name: "empty region", got: identity(str(""), importUUID), meta: meta, wantRegion: "gz"},
		{name: "region not offered", got: identity(str("sh"), importUUID), meta: meta,
			wantErr: `the import identity's region_id is "sh", which DiDi Cloud does not offer; it must be one of: gz, bj; or leave region_id out to use the provider's region, gz (from the DIDIYUN_REGION environment variable)`},
		{name: "malformed region", got: identity(str("GZ"), importUUID), meta: meta, wantErr: "the import identity's region_id"},
		{name: "malformed id", got: identity(str("gz"), "abc"), meta: meta,
			wantErr: `the import identity's id is "abc"; it must be 32 lowercase hexadecimal characters. Use identity = { region_id = "gz", id = "4a48f88391134a01befe88ff98b68af8" }, or leave region_id out for the provider's region (gz).`},
		{name: "no region anywhere", got: identity(nil, importUUID), meta: &conns.Meta{Client: client},
			wantErr: "the import identity has no region_id and the provider has no region"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			region, id, err := checkImportIdentity(context.Background(), c.got, c.meta)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				if strings.Contains(err.Error(), "import ID") {
					t.Errorf("the message speaks of an import ID: %v", err)
				}
				return
			}
			if err != nil || region != c.wantRegion || id != importUUID {
				t.Fatalf("got (%q, %q, %v), want (%q, %q, nil)", region, id, err, c.wantRegion, importUUID)
			}
		})
	}
}
