package admin

import (
	"net/http"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/cloud"
)

// The routes that change how the mock behaves: faults and settings.

// faultRuleJSON is a FaultRule as the admin API spells it, durations in ms.
type faultRuleJSON struct {
	Endpoint     string    `json:"endpoint"`
	Kind         FaultKind `json:"kind"`
	Probability  float64   `json:"probability"`
	Errno        int       `json:"errno"`
	LatencyMs    int64     `json:"latencyMs"`
	RetryAfterMs int64     `json:"retryAfterMs"`
}

func faults(m Mock, r *http.Request) (int, any) {
	var in struct {
		Rules []faultRuleJSON `json:"rules"`
		Seed  *int64          `json:"seed"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	rules := make([]FaultRule, len(in.Rules))
	for i, rj := range in.Rules {
		rules[i] = FaultRule{
			Endpoint:    rj.Endpoint,
			Kind:        rj.Kind,
			Probability: rj.Probability,
			Errno:       rj.Errno,
			Latency:     time.Duration(rj.LatencyMs) * time.Millisecond,
			RetryAfter:  time.Duration(rj.RetryAfterMs) * time.Millisecond,
		}
	}
	if err := m.Faults().Set(rules); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	if in.Seed != nil {
		m.Faults().Reseed(*in.Seed)
	}
	return http.StatusOK, adminOK
}

// configJSON is the settings as GET /_mock/config shows them, in the names
// POST /_mock/config takes, so a body read can be posted back.
type configJSON struct {
	JobDurationMs     int64                  `json:"jobDurationMs"`
	JobDurationSpread float64                `json:"jobDurationSpread"`
	PageMax           int                    `json:"pageMax"`
	ListShape         cloud.ListShape        `json:"listShape"`
	NamesMatch        cloud.NamesMatch       `json:"namesMatch"`
	HideListJobs      bool                   `json:"hideListJobs"`
	DeleteCancelsJobs bool                   `json:"deleteCancelsJobs"`
	StatusWhileMade   string                 `json:"statusWhileMade"`
	FailCreatesNamed  string                 `json:"failCreatesNamed"`
	OmitCreateUUID    bool                   `json:"omitCreateResourceUuid"`
	JobResultLagMs    int64                  `json:"jobResultLagMs"`
	JobResultLagMode  cloud.JobResultLagMode `json:"jobResultLagMode"`
	ListingLagMs      int64                  `json:"listingLagMs"`
}

// showConfig answers the settings in force.
func showConfig(m Mock, _ *http.Request) (int, any) {
	s := m.Cloud().Settings()
	return http.StatusOK, configJSON{
		JobDurationMs: s.JobDuration.Milliseconds(), JobDurationSpread: s.JobDurationSpread, PageMax: s.MaxPageSize,
		ListShape: s.ListShape, NamesMatch: s.NamesMatch, HideListJobs: s.HideListJobs,
		DeleteCancelsJobs: s.DeleteCancelsJobs, StatusWhileMade: s.StatusWhileMade,
		FailCreatesNamed: s.FailCreatesNamed, OmitCreateUUID: s.OmitCreateResourceUUID,
		JobResultLagMs: s.JobResultLag.Milliseconds(), JobResultLagMode: s.JobResultLagMode,
		ListingLagMs: s.ListingLag.Milliseconds(),
	}
}

// config changes the settings its body names and leaves the others; a
// body with one bad value changes nothing.
func config(m Mock, r *http.Request) (int, any) {
	var in struct {
		JobDurationMs     *int64                 `json:"jobDurationMs"`
		JobDurationSpread *float64               `json:"jobDurationSpread"`
		PageMax           *int                   `json:"pageMax"`
		ListShape         cloud.ListShape        `json:"listShape"`
		NamesMatch        cloud.NamesMatch       `json:"namesMatch"`
		HideListJobs      *bool                  `json:"hideListJobs"`
		DeleteCancelsJobs *bool                  `json:"deleteCancelsJobs"`
		StatusWhileMade   *string                `json:"statusWhileMade"`
		FailCreatesNamed  *string                `json:"failCreatesNamed"`
		OmitCreateUUID    *bool                  `json:"omitCreateResourceUuid"`
		JobResultLagMs    *int64                 `json:"jobResultLagMs"`
		JobResultLagMode  cloud.JobResultLagMode `json:"jobResultLagMode"`
		ListingLagMs      *int64                 `json:"listingLagMs"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	if err := in.JobResultLagMode.Validate(); in.JobResultLagMode != "" && err != nil {
		return adminFail(http.StatusBadRequest, "jobResultLagMode: %v", err)
	}
	jobResultLag, listingLag := millis(in.JobResultLagMs), millis(in.ListingLagMs)
	if err := cloud.ValidateLag("JobResult lag", jobResultLag); err != nil {
		return adminFail(http.StatusBadRequest, "jobResultLagMs: %v", err)
	}
	if err := cloud.ValidateLag("listing lag", listingLag); err != nil {
		return adminFail(http.StatusBadRequest, "listingLagMs: %v", err)
	}
	if err := in.ListShape.Validate(); in.ListShape != "" && err != nil {
		return adminFail(http.StatusBadRequest, "listShape: %v", err)
	}
	if err := in.NamesMatch.Validate(); in.NamesMatch != "" && err != nil {
		return adminFail(http.StatusBadRequest, "namesMatch: %v", err)
	}
	if in.JobDurationSpread != nil {
		if err := cloud.ValidateJobDurationSpread(*in.JobDurationSpread); err != nil {
			return adminFail(http.StatusBadRequest, "jobDurationSpread: %v", err)
		}
	}
	if in.ListShape != "" {
		m.Cloud().SetListShape(in.ListShape)
	}
	m.Cloud().Configure(func(s *cloud.Settings) {
		if in.JobDurationMs != nil {
			s.JobDuration = max(0, time.Duration(*in.JobDurationMs)*time.Millisecond)
		}
		if in.JobDurationSpread != nil {
			s.JobDurationSpread = *in.JobDurationSpread
		}
		if in.PageMax != nil {
			s.MaxPageSize = cloud.PageSize(*in.PageMax)
		}
		if in.NamesMatch != "" {
			s.NamesMatch = in.NamesMatch
		}
		set(&s.HideListJobs, in.HideListJobs)
		set(&s.DeleteCancelsJobs, in.DeleteCancelsJobs)
		set(&s.StatusWhileMade, in.StatusWhileMade)
		set(&s.FailCreatesNamed, in.FailCreatesNamed)
		set(&s.OmitCreateResourceUUID, in.OmitCreateUUID)
		if in.JobResultLagMs != nil {
			s.JobResultLag = jobResultLag
		}
		if in.JobResultLagMode != "" {
			s.JobResultLagMode = in.JobResultLagMode
		}
		if in.ListingLagMs != nil {
			s.ListingLag = listingLag
		}
	})
	return http.StatusOK, adminOK
}

// churn sets list churn; an empty body or perPage 0 turns it off.
func churn(m Mock, r *http.Request) (int, any) {
	var in struct {
		NamePrefix string `json:"namePrefix"`
		PerPage    int    `json:"perPage"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	c := cloud.ListChurn{NamePrefix: in.NamePrefix, PerPage: in.PerPage}
	if err := c.Validate(); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	m.Cloud().Configure(func(s *cloud.Settings) { s.ListChurn = c })
	return http.StatusOK, adminOK
}

func jobOutcome(m Mock, r *http.Request) (int, any) {
	var in struct {
		Type   string `json:"type"`
		Fail   bool   `json:"fail"`
		Result string `json:"result"`
		Hang   bool   `json:"hang"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminFail(http.StatusBadRequest, "%v", err)
	}
	m.Cloud().SetJobOutcome(in.Type, cloud.JobOutcome{Fail: in.Fail, Result: in.Result, Hang: in.Hang})
	return http.StatusOK, adminOK
}

// millis is a body's ms as a duration; zero when the body gave none.
func millis(ms *int64) time.Duration {
	if ms == nil {
		return 0
	}
	return time.Duration(*ms) * time.Millisecond
}

// set sets *field to *value when the body gave one.
func set[T any](field *T, value *T) {
	if value != nil {
		*field = *value
	}
}
