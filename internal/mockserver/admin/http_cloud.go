package admin

import (
	"net/http"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// The routes that look at accounts and change them out of band.

// accountInfo is one entry of GET /_mock/accounts.
type accountInfo struct {
	Account     string `json:"account"`
	Token       bool   `json:"token"` // a token of this mock opens it; otherwise only the state file knows it
	Images      int    `json:"images"`
	Jobs        int    `json:"jobs"`
	RunningJobs int    `json:"runningJobs"`
}

func accounts(m Mock, _ *http.Request) (int, any) {
	tokens := map[string]bool{}
	for _, id := range m.TokenAccounts() {
		tokens[id] = true
	}
	ids := m.Cloud().AccountIDs()
	infos := make([]accountInfo, 0, len(ids))
	for _, id := range ids {
		info := accountInfo{Account: id, Token: tokens[id]}
		_, _ = m.Cloud().Update(id, func(a *cloud.Account) { info.Images, info.Jobs, info.RunningJobs = a.Counts() })
		infos = append(infos, info)
	}
	return http.StatusOK, infos
}

func requests(m Mock, r *http.Request) (int, any) {
	return http.StatusOK, m.RequestLog(r.URL.Query().Get("account"))
}

func counters(m Mock, _ *http.Request) (int, any) { return http.StatusOK, m.Counters() }

func images(m Mock, r *http.Request) (int, any) {
	id, err := account(m, r)
	if err != nil {
		return adminFail(http.StatusNotFound, "%v", err)
	}
	var out []cloud.Image
	_, _ = m.Cloud().Update(id, func(a *cloud.Account) { out = a.ImagesIn(r.URL.Query().Get("regionId")) })
	return http.StatusOK, out
}

// onImage decodes a body naming an image and runs change on it in the
// account the call names; 404 when change finds no such image.
func onImage[T any](m Mock, r *http.Request, uuid func(T) string, change func(*cloud.Account, T) bool) (int, any) {
	var in T
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	id, err := account(m, r)
	if err != nil {
		return adminFail(http.StatusNotFound, "%v", err)
	}
	done := false
	_, _ = m.Cloud().Update(id, func(a *cloud.Account) { done = change(a, in) })
	if !done {
		return adminFail(http.StatusNotFound, "%s", notInAccount("image", uuid(in), id))
	}
	return http.StatusOK, adminOK
}

type imageBody struct {
	CIMGUUID string `json:"cimgUuid"`
}

type renameBody struct {
	CIMGUUID string `json:"cimgUuid"`
	Name     string `json:"name"`
}

func deleteImage(m Mock, r *http.Request) (int, any) {
	return onImage(m, r, func(in imageBody) string { return in.CIMGUUID },
		func(a *cloud.Account, in imageBody) bool { return a.RemoveImage(in.CIMGUUID) })
}

func renameImage(m Mock, r *http.Request) (int, any) {
	return onImage(m, r, func(in renameBody) string { return in.CIMGUUID },
		func(a *cloud.Account, in renameBody) bool { return a.RenameImage(in.CIMGUUID, in.Name) })
}

func failJob(m Mock, r *http.Request) (int, any) {
	var in struct {
		JobUUID string `json:"jobUuid"`
		Result  string `json:"result"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	id, err := account(m, r)
	if err != nil {
		return adminFail(http.StatusNotFound, "%v", err)
	}
	known := false
	var failErr error
	_, _ = m.Cloud().Update(id, func(a *cloud.Account) {
		if _, known = a.Job(in.JobUUID); known {
			failErr = a.FailJob(in.JobUUID, in.Result)
		}
	})
	switch {
	case !known:
		return adminFail(http.StatusNotFound, "%s", notInAccount("job", in.JobUUID, id))
	case failErr != nil:
		return adminFail(http.StatusConflict, "%v", failErr)
	}
	return http.StatusOK, adminOK
}

// reset resets everything, or with ?account= that account alone.
func reset(m Mock, r *http.Request) (int, any) {
	if r.URL.Query().Get("account") == "" {
		m.Reset()
		return http.StatusOK, adminOK
	}
	id, err := account(m, r)
	if err != nil {
		return adminFail(http.StatusNotFound, "%v", err)
	}
	_, _ = m.Cloud().ResetAccount(id)
	return http.StatusOK, adminOK
}

// detection returns how late JobResult showed jobs done since the last
// call, and starts afresh.
func detection(m Mock, _ *http.Request) (int, any) {
	return http.StatusOK, m.Cloud().TakeDetection()
}
