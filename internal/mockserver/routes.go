package mockserver

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

// endpoint is one API path: its name, the only method it accepts, and its
// handler, which runs with s.mu held and jobs advanced.
type endpoint struct {
	name   string
	method string
	handle func(*Server, *call) reply
}

var routes = map[string]endpoint{
	"/dicloud/i/storage/cimg/import":     {EndpointImportCIMG, http.MethodPost, (*Server).importCIMG},
	"/dicloud/i/storage/cimg/create":     {EndpointCreateCIMG, http.MethodPost, (*Server).createCIMG},
	"/dicloud/i/storage/cimg/list":       {EndpointListCIMG, http.MethodPost, (*Server).listCIMG},
	"/dicloud/i/storage/cimg/changeName": {EndpointChangeNameCIMG, http.MethodPost, (*Server).changeNameCIMG},
	"/dicloud/i/storage/cimg/delete":     {EndpointDeleteCIMG, http.MethodPost, (*Server).deleteCIMG},
	"/dicloud/i/result":                  {EndpointJobResult, http.MethodGet, (*Server).jobResult},
	"/dicloud/i/region/list":             {EndpointListRegionAndZone, http.MethodPost, (*Server).listRegionAndZone},
}

func knownEndpoint(name string) bool {
	for _, ep := range routes {
		if ep.name == name {
			return true
		}
	}
	return false
}
