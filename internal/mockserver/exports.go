package mockserver

import (
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/admin"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// The names the mock's users know it by, from the packages that hold them,
// so that a test imports this package alone.

// Types of the cloud, the API and the faults.
type (
	// Image is a custom image as ListCIMG returns it.
	Image = cloud.Image
	// Requirement is what an instance needs to boot an image.
	Requirement = cloud.Requirement
	// BackupStorage is one storage backend holding an image.
	BackupStorage = cloud.BackupStorage
	// Job is an async job as JobResult returns it.
	Job = cloud.Job
	// JobOutcome steers how new jobs end.
	JobOutcome = cloud.JobOutcome
	// ListShape is how ListCIMG wraps its images.
	ListShape = cloud.ListShape
	// NamesMatch is how ListCIMG matches condition.names.
	NamesMatch = cloud.NamesMatch
	// ListChurn plays another user deleting images between pages.
	ListChurn = cloud.ListChurn
	// JobResultLagMode is how JobResult answers about a job it has not
	// learnt of yet.
	JobResultLagMode = cloud.JobResultLagMode
	// FaultRule is one fault to inject.
	FaultRule = admin.FaultRule
	// FaultKind names a kind of fault.
	FaultKind = admin.FaultKind
)

// ValidateJobDurationSpread rejects a spread no server could play.
func ValidateJobDurationSpread(spread float64) error { return cloud.ValidateJobDurationSpread(spread) }

// ValidateLag rejects a negative JobResult or listing lag; what names the
// setting in the message.
func ValidateLag(what string, lag time.Duration) error { return cloud.ValidateLag(what, lag) }

// Defaults.
const (
	DefaultJobRetention = cloud.DefaultJobRetention
	DefaultMaxPageSize  = cloud.DefaultMaxPageSize
)

// Image statuses, job types and job statuses.
const (
	JobTypeImportCIMG     = cloud.JobTypeImportCIMG
	JobTypeCreateCIMG     = cloud.JobTypeCreateCIMG
	JobTypeChangeCIMGName = cloud.JobTypeChangeCIMGName
	JobTypeDeleteCIMG     = cloud.JobTypeDeleteCIMG
	JobStatusProcessing   = cloud.JobStatusProcessing
	JobStatusSuccess      = cloud.JobStatusSuccess
	JobStatusFail         = cloud.JobStatusFail
	ImageStatusReady      = cloud.ImageStatusReady
	ImageStatusImporting  = cloud.ImageStatusImporting
	ImageStatusCreating   = cloud.ImageStatusCreating
	ImageStatusDeleting   = cloud.ImageStatusDeleting
	ImageStatusFailed     = cloud.ImageStatusFailed
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
	SeedImageGZSharedName = cloud.SeedImageGZSharedName
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

// Fault kinds.
const (
	FaultHTTP500      = admin.FaultHTTP500
	FaultHTTP429      = admin.FaultHTTP429
	FaultErrno        = admin.FaultErrno
	FaultLatency      = admin.FaultLatency
	FaultDrop         = admin.FaultDrop
	FaultTruncated    = admin.FaultTruncated
	FaultDataNull     = admin.FaultDataNull
	FaultOversizePage = admin.FaultOversizePage
	FaultErrno41026   = admin.FaultErrno41026
	FaultLost         = admin.FaultLost
)

// Endpoint names and errnos.
const (
	ErrnoOK                   = openapi.ErrnoOK
	ErrnoInvalidParameter     = openapi.ErrnoInvalidParameter
	ErrnoServerError          = openapi.ErrnoServerError
	ErrnoServerUnknown        = openapi.ErrnoServerUnknown
	ErrnoAuthFailed           = openapi.ErrnoAuthFailed
	ErrnoWrongCall            = openapi.ErrnoWrongCall
	ErrnoSnapshotNotFound     = openapi.ErrnoSnapshotNotFound
	ErrnoImageNotFound        = openapi.ErrnoImageNotFound
	ErrnoArrears              = openapi.ErrnoArrears
	ErrnoNoPermission         = openapi.ErrnoNoPermission
	EndpointImportCIMG        = openapi.EndpointImportCIMG
	EndpointListCIMG          = openapi.EndpointListCIMG
	EndpointChangeNameCIMG    = openapi.EndpointChangeNameCIMG
	EndpointDeleteCIMG        = openapi.EndpointDeleteCIMG
	EndpointCreateCIMG        = openapi.EndpointCreateCIMG
	EndpointJobResult         = openapi.EndpointJobResult
	EndpointListRegionAndZone = openapi.EndpointListRegionAndZone
)
