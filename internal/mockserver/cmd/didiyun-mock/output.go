package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// printBanner says where the mock listens, for which accounts, and export
// lines to paste. Tokens only with -print-env: stdout often ends up in a CI
// log.
func printBanner(w io.Writer, baseURL string, mock *mockserver.Server, cfg config) {
	fmt.Fprintf(w, "didiyun mock API %s listening on %s\n", version, baseURL)
	for _, token := range mock.Tokens() {
		if cfg.printEnv {
			fmt.Fprintf(w, "token: %s (account %s)\n", token, mockserver.AccountID(token))
		} else {
			fmt.Fprintf(w, "account %s (its token is not shown; -print-env prints it)\n", mockserver.AccountID(token))
		}
	}
	fmt.Fprintf(w, "admin API (no token): %s/_mock/\n", baseURL)
	if warning := exposedWarning(baseURL); warning != "" {
		fmt.Fprintln(w, warning)
	}
	if cfg.stateFile != "" {
		fmt.Fprintf(w, "state file: %s (%s)\n", cfg.stateFile, mock.StateFileSummary())
	}
	if cfg.journal != "" {
		fmt.Fprintf(w, "journal: %s\n", cfg.journal)
	}
	fmt.Fprintf(w, "export DIDIYUN_ENDPOINT=%s\n", baseURL)
	if cfg.printEnv {
		fmt.Fprintf(w, "export DIDIYUN_TOKEN=%s\n", mock.Token())
	}
	fmt.Fprintf(w, "export DIDIYUN_REGION=%s\n", mockserver.DefaultRegion)
}

// exposedWarning says what a listener beyond loopback exposes: the admin API
// has no authentication, so whoever reaches the port can reset the cloud.
func exposedWarning(baseURL string) string {
	host, _, err := net.SplitHostPort(baseURL[len("http://"):])
	if err != nil {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("WARNING: listening on %s, not a loopback address: anyone who can reach it can use the admin API, "+
		"which has no authentication (read the request log, change or delete images, reset the cloud); "+
		"listen on 127.0.0.1 unless this network is yours alone", host)
}

// logLine describes one request; records carry no headers, so no token.
func logLine(rec mockserver.RequestRecord) string {
	line := fmt.Sprintf("%s %s", rec.Method, rec.Path)
	if rec.Endpoint != "" {
		line += " " + rec.Endpoint
	}
	if rec.Account != "" {
		line += " account=" + rec.Account
	}
	// Admin answers and the HTTP 500/429 faults carry no envelope, so no errno.
	if rec.Endpoint != "admin" && rec.Status != http.StatusInternalServerError && rec.Status != http.StatusTooManyRequests {
		line += fmt.Sprintf(" errno=%d", rec.Errno)
	}
	line += fmt.Sprintf(" status=%d %s", rec.Status, rec.Duration.Round(time.Microsecond))
	if rec.Fault != "" {
		line += " fault=" + rec.Fault
	}
	return line
}

// writeFileAtomic writes via a rename, so a script polling for the file never
// reads it half written.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".didiyun-mock-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
