package didiyun

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// Seeds: the official examples' shapes and the broken answers seen from proxies.
var fuzzSeeds = []string{
	`{"errno":0,"errmsg":"ok","requestId":"645ae9255b6400b42ae6b47903036302","data":[]}`,
	`{"errno":0,"errmsg":"ok","requestId":"r","data":{"count":1,"items":[{"cimgUuid":"4a48f88391134a01befe88ff98b68a88","name":"北京02","createTime":1603799470000,"size":549899264,"requirement":{"minDiskSize":8589934592}}]}}`,
	`{"errno":0,"errmsg":"ok","requestId":"r","data":[{"cimgUuid":"a","job":{"jobUuid":"j","progress":42.5,"done":false}}]}`,
	`{"errno":0,"errmsg":"ok","requestId":"r","data":[{"done":true,"jobUuid":"c23fd05f26ef5b718507f1926a4271cc","progress":100,"resourceUuid":"c9ade20c2f485a7ead08a895eb601e37","success":true,"type":"ChangeEipOffering","uuid":"c23fd05f26ef5b718507f1926a4271cc"}]}`,
	`{"errno":4,"errmsg":"认证错误/AccessDenied","requestId":"r"}`,
	`{"errno":0,"errmsg":"ok","requestId":"r","data":null}`,
	`{"errno":0,"errmsg":"ok","requestId":"r","data":{"count":null,"items":null}}`,
	`<html><head><title>502 Bad Gateway</title></head></html>`,
	`{"errno":0,"errmsg":"ok","requestId":"r","data":[{"cimgUu`,
	``,
	`[]`,
	`{"errno":"0"}`,
}

// FuzzDecodeEnvelope: any body gives data, an *APIError or a *ResponseError, never a panic.
func FuzzDecodeEnvelope(f *testing.F) {
	for _, seed := range fuzzSeeds {
		f.Add([]byte(seed), 200)
	}
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		env, err := decodeEnvelope("Fuzz", status, "application/json", body)
		if err == nil {
			if env == nil || env.Errno == nil || *env.Errno != 0 {
				t.Fatalf("success without errno 0: %+v", env)
			}
			return
		}
		var apiErr *APIError
		var respErr *ResponseError
		if !errors.As(err, &apiErr) && !errors.As(err, &respErr) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if err.Error() == "" {
			t.Fatal("empty error message")
		}
	})
}

// FuzzListCIMGOutput: any data decodes or fails cleanly, and an array
// decodes to the same images as the {"count","items"} shape wrapping it.
func FuzzListCIMGOutput(f *testing.F) {
	for _, seed := range fuzzSeeds {
		var env envelope
		if json.Unmarshal([]byte(seed), &env) == nil && len(env.Data) > 0 {
			f.Add([]byte(env.Data))
		}
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out ListCIMGOutput
		if err := out.UnmarshalJSON(data); err != nil {
			return
		}
		trimmed := bytes.TrimSpace(data)
		if len(trimmed) == 0 || trimmed[0] != '[' {
			return
		}
		if out.Count != -1 {
			t.Fatalf("the array shape carries no total, got Count %d", out.Count)
		}
		wrapped := fmt.Sprintf(`{"count":%d,"items":%s}`, len(out.Items), trimmed)
		var object ListCIMGOutput
		if err := object.UnmarshalJSON([]byte(wrapped)); err != nil {
			t.Fatalf("the object shape of a decodable array failed: %v", err)
		}
		if !reflect.DeepEqual(object.Items, out.Items) || object.Count != len(out.Items) {
			t.Fatalf("shapes disagree: array %+v, object %+v", out, object)
		}
	})
}

// FuzzJobs: job answers decode without panics and keep ID() consistent.
func FuzzJobs(f *testing.F) {
	for _, seed := range fuzzSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var jobs []Job
		if json.Unmarshal(data, &jobs) != nil {
			return
		}
		for _, job := range jobs {
			if job.JobUUID != "" && job.ID() != job.JobUUID {
				t.Fatalf("ID() = %q, want jobUuid %q", job.ID(), job.JobUUID)
			}
			if job.Failed() && (!job.Done || job.Success) {
				t.Fatalf("Failed() wrong for %+v", job)
			}
		}
	})
}
