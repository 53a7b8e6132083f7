package didiyun

import "net/http"

// operation is one API call as the docs define it.
type operation struct {
	name   string
	method string
	path   string
	// repeatable: resending after the request may have reached the server
	// converges to the same state. Reads are; a rename or delete sent twice
	// renames or deletes once (the second delete answers "not found"). An
	// import or create sent twice makes two images, so those are never resent
	// once they may have left this machine.
	repeatable bool
}

var (
	opImportCIMG        = operation{"ImportCIMG", http.MethodPost, "/dicloud/i/storage/cimg/import", false}
	opCreateCIMG        = operation{"CreateCIMG", http.MethodPost, "/dicloud/i/storage/cimg/create", false}
	opListCIMG          = operation{"ListCIMG", http.MethodPost, "/dicloud/i/storage/cimg/list", true}
	opChangeNameCIMG    = operation{"ChangeNameCIMG", http.MethodPost, "/dicloud/i/storage/cimg/changeName", true}
	opDeleteCIMG        = operation{"DeleteCIMG", http.MethodPost, "/dicloud/i/storage/cimg/delete", true}
	opJobResult         = operation{"JobResult", http.MethodGet, "/dicloud/i/result", true}
	opListRegionAndZone = operation{"ListRegionAndZone", http.MethodPost, "/dicloud/i/region/list", true}
)
