package cloud

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/store"
)

// The state file holds, per account (by AccountID, never a token):
//
//	<account>/account             {}: the account exists, even with no image left
//	<account>/image/<cimgUuid>    imageDoc
//	<account>/job/<jobUuid>       jobDoc
//	<account>/snapshot/<snapUuid> Snapshot
//
// Ids are random, so there are no id counters to keep.

func accountKey(id string) string        { return id + "/account" }
func imageKey(id, uuid string) string    { return id + "/image/" + uuid }
func jobKey(id, uuid string) string      { return id + "/job/" + uuid }
func snapshotKey(id, uuid string) string { return id + "/snapshot/" + uuid }

type accountDoc struct{}

// imageDoc is an image as ListCIMG shows it, without the running job, which
// is rendered from the job at read time.
type imageDoc struct {
	Image  Image     `json:"image"`
	JobID  string    `json:"jobId,omitempty"`
	MadeAt time.Time `json:"madeAt,omitzero"` // keeps ListingLag across a restart
}

// jobDoc keeps a job's start and duration, not its progress: progress
// follows from the clock, so a job keeps running while the mock is stopped,
// as a real cloud's job would, and one due while it was down is done on the
// first request after the restart.
type jobDoc struct {
	View       Job           `json:"view"`
	RegionID   string        `json:"regionId"`
	Started    time.Time     `json:"started"`
	Duration   time.Duration `json:"duration"`
	Fail       bool          `json:"fail,omitempty"`
	Result     string        `json:"result,omitempty"`
	Hang       bool          `json:"hang,omitempty"`
	NewName    string        `json:"newName,omitempty"`
	PrevStatus string        `json:"prevStatus,omitempty"`
	FinishedAt time.Time     `json:"finishedAt,omitzero"`
}

func jobDocOf(j *job) jobDoc {
	view := j.view
	if !view.Done {
		view.Progress = 0 // follows from the clock
	}
	return jobDoc{
		View: view, RegionID: j.regionID, Started: j.started, Duration: j.duration,
		Fail: j.outcome.Fail, Result: j.outcome.Result, Hang: j.outcome.Hang,
		NewName: j.newName, PrevStatus: j.prevStatus, FinishedAt: j.finishedAt,
	}
}

func (d jobDoc) job() *job {
	return &job{
		view: d.View, regionID: d.RegionID, started: d.Started, duration: d.Duration,
		outcome: JobOutcome{Fail: d.Fail, Result: d.Result, Hang: d.Hang},
		newName: d.NewName, prevStatus: d.PrevStatus, finishedAt: d.FinishedAt,
	}
}

func putOp(key string, doc any) store.Op {
	value, err := json.Marshal(doc)
	if err != nil {
		panic(fmt.Sprintf("cloud: encode %s: %v", key, err)) // only our own types go in
	}
	return store.Op{Key: key, Value: value}
}

// decodeAccounts rebuilds the accounts a state file holds. A key or value
// it does not understand fails the load: better no mock than a mock that
// quietly lost part of its cloud.
func decodeAccounts(c *Cloud, live map[string][]byte) (map[string]*Account, error) {
	accounts := map[string]*Account{}
	get := func(id string) *Account {
		if accounts[id] == nil {
			accounts[id] = c.newAccount(id)
		}
		return accounts[id]
	}
	present := map[string]bool{}
	for key, value := range live {
		id, kind, uuid := splitKey(key)
		a := get(id)
		var err error
		switch kind {
		case "account":
			present[id] = uuid == ""
			if uuid != "" {
				err = fmt.Errorf("unexpected key")
			}
		case "image":
			var doc imageDoc
			if err = decodeDoc(value, &doc); err == nil && doc.Image.CIMGUUID != uuid {
				err = fmt.Errorf("holds image %q", doc.Image.CIMGUUID)
			}
			a.putImage(&Record{img: doc.Image, jobID: doc.JobID, madeAt: doc.MadeAt})
		case "job":
			var doc jobDoc
			if err = decodeDoc(value, &doc); err == nil && doc.View.JobUUID != uuid {
				err = fmt.Errorf("holds job %q", doc.View.JobUUID)
			}
			a.addJob(doc.job())
		case "snapshot":
			var snap Snapshot
			err = decodeDoc(value, &snap)
			a.snapshots[uuid] = snap
		default:
			err = fmt.Errorf("unknown kind of record")
		}
		if err != nil {
			return nil, fmt.Errorf("record %q: %w", key, err)
		}
	}
	for id, a := range accounts {
		if !present[id] {
			return nil, fmt.Errorf("account %s has records but no account record", id)
		}
		a.changed.reset() // as the file says: nothing to write back
	}
	return accounts, nil
}

// splitKey cuts "<account>/<kind>/<uuid>" ("<account>/account" has no uuid).
func splitKey(key string) (id, kind, uuid string) {
	id, rest, _ := strings.Cut(key, "/")
	kind, uuid, _ = strings.Cut(rest, "/")
	return id, kind, uuid
}

func decodeDoc(value []byte, doc any) error {
	dec := json.NewDecoder(strings.NewReader(string(value)))
	dec.DisallowUnknownFields()
	return dec.Decode(doc)
}
