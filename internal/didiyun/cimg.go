package didiyun

import (
	"context"
	"fmt"
)

// ImportCIMGInput copies the image OriginImageUUID of OriginRegionID.
type ImportCIMGInput struct {
	Name            string `json:"name"`
	OriginImageUUID string `json:"originImageUuid"`
	OriginRegionID  string `json:"originRegionId"`
	Description     string `json:"description,omitempty"`
}

// CreateCIMGInput makes an image from the snapshot SnapUUID.
type CreateCIMGInput struct {
	Name        string `json:"name"`
	SnapUUID    string `json:"snapUuid"`
	Description string `json:"description,omitempty"`
}

type cimgRequest[T any] struct {
	RegionID string `json:"regionId,omitempty"`
	CIMG     []T    `json:"cimg"`
}

type cimgRef struct {
	UUID string `json:"cimgUuid"`
	Name string `json:"name,omitempty"`
}

// ImportCIMG starts copying an image into regionID. The job's ResourceUUID
// is the new image when the answer names it (JobResult about the job always
// does). It is never resent once it may have reached the server:
// IsOutcomeUnknown tells the caller to look before doing anything else.
func (c *Client) ImportCIMG(ctx context.Context, regionID string, in ImportCIMGInput) (Job, error) {
	return c.write(ctx, regionID, opImportCIMG, cimgRequest[ImportCIMGInput]{RegionID: regionID, CIMG: []ImportCIMGInput{in}})
}

// CreateCIMG starts making an image from a snapshot in regionID; see ImportCIMG.
func (c *Client) CreateCIMG(ctx context.Context, regionID string, in CreateCIMGInput) (Job, error) {
	return c.write(ctx, regionID, opCreateCIMG, cimgRequest[CreateCIMGInput]{RegionID: regionID, CIMG: []CreateCIMGInput{in}})
}

// ChangeNameCIMG starts renaming an image.
func (c *Client) ChangeNameCIMG(ctx context.Context, regionID, imageUUID, name string) (Job, error) {
	return c.write(ctx, regionID, opChangeNameCIMG, cimgRequest[cimgRef]{RegionID: regionID, CIMG: []cimgRef{{UUID: imageUUID, Name: name}}})
}

// DeleteCIMG starts deleting an image. Its errors say nothing certain about
// whether the image still exists (see IsImageQueryFailed).
func (c *Client) DeleteCIMG(ctx context.Context, regionID, imageUUID string) (Job, error) {
	return c.write(ctx, regionID, opDeleteCIMG, cimgRequest[cimgRef]{RegionID: regionID, CIMG: []cimgRef{{UUID: imageUUID}}})
}

// write sends a write that answers one job. Whatever the outcome, the
// region may have changed (see LastChange).
func (c *Client) write(ctx context.Context, regionID string, op operation, body any) (Job, error) {
	defer c.changes.note(regionID, true)
	var jobs []Job
	if err := c.call(ctx, op, nil, body, &jobs); err != nil {
		return Job{}, err
	}
	if len(jobs) != 1 || jobs[0].ID() == "" {
		err := fmt.Errorf("%s answered %d jobs where one was expected", op.name, len(jobs))
		if !op.repeatable {
			err = &outcomeUnknownError{err: err}
		}
		return Job{}, err
	}
	return jobs[0], nil
}
