package mockserver

import (
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/admin"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// The names tests and tools of other packages use, so that they import this
// package alone; each is documented where it is declared. This package's own
// code and tests use cloud, admin and openapi directly.

// Options and the cloud's types.
type (
	Options          = cloud.Options
	RequestRecord    = cloud.RequestRecord
	Image            = cloud.Image
	Job              = cloud.Job
	JobOutcome       = cloud.JobOutcome
	ListShape        = cloud.ListShape
	NamesMatch       = cloud.NamesMatch
	ListChurn        = cloud.ListChurn
	JobResultLagMode = cloud.JobResultLagMode
	FaultRule        = admin.FaultRule
	FaultKind        = admin.FaultKind
)

// Validators of settings (the standalone command's flags).
var (
	ValidateJobDurationSpread = cloud.ValidateJobDurationSpread
	ValidateLag               = cloud.ValidateLag
)

// Defaults, job types and image statuses.
const (
	DefaultJobRetention  = cloud.DefaultJobRetention
	DefaultMaxPageSize   = cloud.DefaultMaxPageSize
	JobTypeImportCIMG    = cloud.JobTypeImportCIMG
	JobTypeCreateCIMG    = cloud.JobTypeCreateCIMG
	ImageStatusReady     = cloud.ImageStatusReady
	ImageStatusImporting = cloud.ImageStatusImporting
)

// The seed data's ids and names.
const (
	SeedImageBJ           = cloud.SeedImageBJ
	SeedImageBJ02         = cloud.SeedImageBJ02
	SeedImageBJShared     = cloud.SeedImageBJShared
	SeedImageGZ           = cloud.SeedImageGZ
	SeedImageGZDelete     = cloud.SeedImageGZDelete
	SeedImageGZShared     = cloud.SeedImageGZShared
	SeedImageGZUbuntu     = cloud.SeedImageGZUbuntu
	SeedSnapshotGZ        = cloud.SeedSnapshotGZ
	SeedSnapshotBJ        = cloud.SeedSnapshotBJ
	SeedJobGZ             = cloud.SeedJobGZ
	SeedJobGZResource     = cloud.SeedJobGZResource
	SeedImageBJName       = cloud.SeedImageBJName
	SeedImageBJ02Name     = cloud.SeedImageBJ02Name
	SeedImageBJSharedName = cloud.SeedImageBJSharedName
	SeedImageGZName       = cloud.SeedImageGZName
	SeedImageGZDeleteName = cloud.SeedImageGZDeleteName
	SeedImageGZUbuntuName = cloud.SeedImageGZUbuntuName
)

// Readings of the docs.
const (
	ListShapeObject     = cloud.ListShapeObject
	ListShapeArray      = cloud.ListShapeArray
	ListShapeAlternate  = cloud.ListShapeAlternate
	NamesMatchExact     = cloud.NamesMatchExact
	NamesMatchSubstring = cloud.NamesMatchSubstring
	NamesMatchPrefix    = cloud.NamesMatchPrefix
	JobResultLagOmit    = cloud.JobResultLagOmit
	JobResultLagErrno   = cloud.JobResultLagErrno
)

// Fault kinds and endpoint names.
const (
	FaultHTTP500              = admin.FaultHTTP500
	FaultHTTP429              = admin.FaultHTTP429
	FaultErrno                = admin.FaultErrno
	FaultLatency              = admin.FaultLatency
	FaultDrop                 = admin.FaultDrop
	FaultTruncated            = admin.FaultTruncated
	FaultDataNull             = admin.FaultDataNull
	FaultOversizePage         = admin.FaultOversizePage
	FaultErrno41026           = admin.FaultErrno41026
	EndpointImportCIMG        = openapi.EndpointImportCIMG
	EndpointListCIMG          = openapi.EndpointListCIMG
	EndpointChangeNameCIMG    = openapi.EndpointChangeNameCIMG
	EndpointDeleteCIMG        = openapi.EndpointDeleteCIMG
	EndpointCreateCIMG        = openapi.EndpointCreateCIMG
	EndpointJobResult         = openapi.EndpointJobResult
	EndpointListRegionAndZone = openapi.EndpointListRegionAndZone
)
