package openapi

import "net/http"

// Endpoint names, used by FaultRule.Endpoint, Counts and the request log.
const (
	EndpointImportCIMG        = "ImportCIMG"
	EndpointListCIMG          = "ListCIMG"
	EndpointChangeNameCIMG    = "ChangeNameCIMG"
	EndpointDeleteCIMG        = "DeleteCIMG"
	EndpointCreateCIMG        = "CreateCIMG"
	EndpointJobResult         = "JobResult"
	EndpointListRegionAndZone = "ListRegionAndZone"
)

// Endpoint is one API path: its name, the only method it accepts, and its
// handler, which runs with the account's lock held and its jobs advanced.
type Endpoint struct {
	Name   string
	Method string
	handle func(*call) Reply
}

var routes = map[string]Endpoint{
	"/dicloud/i/storage/cimg/import":     {EndpointImportCIMG, http.MethodPost, importCIMG},
	"/dicloud/i/storage/cimg/create":     {EndpointCreateCIMG, http.MethodPost, createCIMG},
	"/dicloud/i/storage/cimg/list":       {EndpointListCIMG, http.MethodPost, listCIMG},
	"/dicloud/i/storage/cimg/changeName": {EndpointChangeNameCIMG, http.MethodPost, changeNameCIMG},
	"/dicloud/i/storage/cimg/delete":     {EndpointDeleteCIMG, http.MethodPost, deleteCIMG},
	"/dicloud/i/result":                  {EndpointJobResult, http.MethodGet, jobResult},
	"/dicloud/i/region/list":             {EndpointListRegionAndZone, http.MethodPost, listRegionAndZone},
}

// Route finds the endpoint of a path.
func Route(path string) (Endpoint, bool) {
	ep, ok := routes[path]
	return ep, ok
}

// KnownEndpoint says whether name is an endpoint's.
func KnownEndpoint(name string) bool {
	for _, ep := range routes {
		if ep.Name == name {
			return true
		}
	}
	return false
}
