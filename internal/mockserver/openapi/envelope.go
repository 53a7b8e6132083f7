// Package openapi answers the DiDi Cloud OpenAPI over a cloud.Cloud: the
// envelope, request parsing and one file per API group. It judges each
// request whole before the cloud changes anything.
package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// Errno values the mock answers with, named after the docs' error table.
const (
	ErrnoOK               = 0
	ErrnoInvalidParameter = 1
	ErrnoServerError      = 2
	ErrnoServerUnknown    = 3
	ErrnoAuthFailed       = 4
	ErrnoWrongCall        = 13
	ErrnoSnapshotNotFound = 41017
	// ErrnoImageNotFound is 查询镜像失败, "image query failed": the mock
	// answers it for an unknown image, but the docs do not say it means
	// absent, and the errno41026 fault sends it transiently.
	ErrnoImageNotFound = 41026
	ErrnoArrears       = 1000011
	ErrnoNoPermission  = 10000001
)

// errnoMessages holds the docs' Chinese messages; errmsg starts with one of
// them so clients see what the real service would say.
var errnoMessages = map[int]string{
	ErrnoOK:               "ok",
	ErrnoInvalidParameter: "请求有点问题，请反馈客服",
	ErrnoServerError:      "服务开小差，请稍等",
	ErrnoServerUnknown:    "服务开小差，休息一会再试试",
	ErrnoAuthFailed:       "认证错误/AccessDenied",
	ErrnoWrongCall:        "调用方式有点小问题，请反馈客服",
	40000:                 "会话异常，请重新登录或稍后再试",
	41025:                 "查询套餐失败",
	ErrnoSnapshotNotFound: "查询SNAP信息失败",
	ErrnoImageNotFound:    "查询镜像失败",
	ErrnoArrears:          "账户已欠费，无法进行该操作",
	1100020:               "余额不足",
	ErrnoNoPermission:     "没有权限，请联系管理员",
	16000002:              "查询地域与可用区信息失败",
}

// ErrnoMessage returns the docs' message for errno, or a generic one for codes
// the table does not list (fault rules may inject any code).
func ErrnoMessage(errno int) string {
	if msg, ok := errnoMessages[errno]; ok {
		return msg
	}
	return "未知错误"
}

// Reply is what a handler decides; the server turns it into bytes so faults
// can drop or cut the answer after the handler has run.
type Reply struct {
	Status int // HTTP status; 200 unless said otherwise
	Errno  int
	detail string // English detail appended to the Chinese errmsg
	data   any
	// nullData sends "data": null (the datanull fault); otherwise a nil data
	// is sent as an empty array, as the docs promise an array.
	nullData bool
}

func okReply(data any) Reply { return Reply{Status: http.StatusOK, data: data} }

// ErrReply answers errno with an English detail after the docs' message.
func ErrReply(errno int, format string, args ...any) Reply {
	return Reply{Status: http.StatusOK, Errno: errno, detail: fmt.Sprintf(format, args...)}
}

// NullData answers errno 0 with "data": null.
func NullData() Reply { return Reply{Status: http.StatusOK, nullData: true} }

func invalid(format string, args ...any) Reply {
	return ErrReply(ErrnoInvalidParameter, format, args...)
}

// envelope is the body of every API answer, fields in the docs' order.
type envelope struct {
	Errno     int    `json:"errno"`
	Errmsg    string `json:"errmsg"`
	RequestID string `json:"requestId"`
	Data      any    `json:"data"`
}

func (r Reply) errmsg() string {
	msg := ErrnoMessage(r.Errno)
	if r.detail != "" {
		msg += ": " + r.detail
	}
	return msg
}

// Encode is the answer's body.
func (r Reply) Encode(requestID string) []byte {
	data := r.data
	if data == nil && !r.nullData {
		data = []struct{}{}
	}
	return EncodeJSON(envelope{Errno: r.Errno, Errmsg: r.errmsg(), RequestID: requestID, Data: data})
}

// EncodeJSON marshals without HTML escaping, so names and messages read as
// the real service writes them.
func EncodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only our own types are encoded here; failing is a mock bug.
		panic(fmt.Sprintf("mockserver: encode response: %v", err))
	}
	return buf.Bytes()
}

// JSONContentType is what every JSON answer says it is.
const JSONContentType = "application/json; charset=utf-8"

// WriteBody writes a complete answer with its length and returns the status.
func WriteBody(w http.ResponseWriter, status int, contentType string, body []byte) int {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client may be gone; nothing to do about it
	return status
}
