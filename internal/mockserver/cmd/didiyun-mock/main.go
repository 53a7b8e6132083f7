// Command didiyun-mock runs the mock DiDi Cloud API alone, for trying the
// provider locally and for scripts:
//
//	didiyun-mock -listen 127.0.0.1:0 -endpoint-file /tmp/didiyun.url
//
// It prints the endpoint, the token and export lines to paste, logs one line
// per request (never the token) and stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "didiyun-mock:", err)
		os.Exit(1) //nolint:gocritic // exitAfterDefer: stop only restores signal handling; nothing to flush
	}
}

// config is what the flags say.
type config struct {
	listen            string
	token             string
	jobDuration       time.Duration
	seed              int64
	pageMax           int
	listShape         mockserver.ListShape
	namesMatch        mockserver.NamesMatch
	listChurn         mockserver.ListChurn
	deleteCancelsJobs bool
	endpointFile      string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	var listShape, namesMatch, listChurn string
	fs := flag.NewFlagSet("didiyun-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:8765", "address to listen on; port 0 picks a free port")
	fs.StringVar(&cfg.token, "token", mockserver.DefaultToken, "the Bearer token the mock accepts")
	fs.DurationVar(&cfg.jobDuration, "job-duration", mockserver.DefaultJobDuration, "how long a job takes from 0 to 100 %; 0 finishes jobs on the next request")
	fs.Int64Var(&cfg.seed, "seed", 0, "seed for the fault dice, so fault runs repeat")
	fs.IntVar(&cfg.pageMax, "page-max", mockserver.DefaultMaxPageSize, "most images one ListCIMG page holds, whatever limit asks (the docs set no maximum)")
	fs.StringVar(&listShape, "list-shape", string(mockserver.ListShapeObject), `ListCIMG data shape: "object" ({count, items}, like the official example), "array" (like the doc's table) or "alternate" (object, then array, and so on)`)
	fs.StringVar(&namesMatch, "names-match", string(mockserver.NamesMatchExact), `how ListCIMG's condition.names matches a name: "exact", "substring" or "prefix"`)
	fs.StringVar(&listChurn, "list-churn", "", "PREFIX:N deletes up to N images named PREFIX... before every ListCIMG page past the first, as another user would; off when empty")
	fs.BoolVar(&cfg.deleteCancelsJobs, "delete-cancels-jobs", false, "let DeleteCIMG cancel an import, create or rename still running on the image instead of refusing with errno 1")
	fs.StringVar(&cfg.endpointFile, "endpoint-file", "", "write the base URL to this file once listening (removed on exit)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.token == "" {
		return cfg, errors.New("-token must not be empty")
	}
	if cfg.pageMax < 1 {
		return cfg, fmt.Errorf("-page-max %d: want 1 or more", cfg.pageMax)
	}
	cfg.listShape = mockserver.ListShape(listShape)
	if err := cfg.listShape.Validate(); err != nil {
		return cfg, fmt.Errorf("-list-shape: %w", err)
	}
	cfg.namesMatch = mockserver.NamesMatch(namesMatch)
	if err := cfg.namesMatch.Validate(); err != nil {
		return cfg, fmt.Errorf("-names-match: %w", err)
	}
	var err error
	if cfg.listChurn, err = parseListChurn(listChurn); err != nil {
		return cfg, fmt.Errorf("-list-churn %q: %w", listChurn, err)
	}
	return cfg, nil
}

// parseListChurn reads PREFIX:N; the prefix may itself hold colons.
func parseListChurn(s string) (mockserver.ListChurn, error) {
	if s == "" {
		return mockserver.ListChurn{}, nil
	}
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return mockserver.ListChurn{}, errors.New("want PREFIX:N, e.g. other-:1")
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n < 1 {
		return mockserver.ListChurn{}, fmt.Errorf("the count after the colon is %q: want a whole number, 1 or more", s[i+1:])
	}
	churn := mockserver.ListChurn{NamePrefix: s[:i], PerPage: n}
	return churn, churn.Validate()
}

// options turns the flags into the mock's Options.
func (cfg config) options(onRequest func(mockserver.RequestRecord)) mockserver.Options {
	jobDuration := cfg.jobDuration
	if jobDuration == 0 {
		jobDuration = -1 // Options reads zero as "default"; negative means instant
	}
	return mockserver.Options{
		Token:             cfg.token,
		JobDuration:       jobDuration,
		Seed:              cfg.seed,
		MaxPageSize:       cfg.pageMax,
		ListShape:         cfg.listShape,
		NamesMatch:        cfg.namesMatch,
		ListChurn:         cfg.listChurn,
		DeleteCancelsJobs: cfg.deleteCancelsJobs,
		OnRequest:         onRequest,
	}
}

// run serves until ctx ends; stdout gets the banner, stderr the request log.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)

	mock := mockserver.New(cfg.options(func(rec mockserver.RequestRecord) { logger.Print(logLine(rec)) }))

	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return err
	}
	baseURL := "http://" + ln.Addr().String()
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	if cfg.endpointFile != "" {
		if err := writeFileAtomic(cfg.endpointFile, baseURL+"\n"); err != nil {
			_ = srv.Close()
			return err
		}
		defer os.Remove(cfg.endpointFile)
	}
	fmt.Fprintf(stdout, "didiyun mock API listening on %s\n", baseURL)
	fmt.Fprintf(stdout, "token: %s\n", mock.Token())
	fmt.Fprintf(stdout, "admin API (no token): %s/_mock/\n", baseURL)
	fmt.Fprintf(stdout, "export DIDIYUN_ENDPOINT=%s\nexport DIDIYUN_TOKEN=%s\nexport DIDIYUN_REGION=%s\n", baseURL, mock.Token(), mockserver.DefaultRegion)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	logger.Print("stopped")
	return nil
}

// logLine describes one request; records carry no headers, so no token.
func logLine(rec mockserver.RequestRecord) string {
	line := fmt.Sprintf("%s %s", rec.Method, rec.Path)
	if rec.Endpoint != "" {
		line += " " + rec.Endpoint
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
