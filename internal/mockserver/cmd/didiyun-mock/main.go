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
	listen       string
	token        string
	jobDuration  time.Duration
	seed         int64
	listShape    string
	endpointFile string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("didiyun-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:8765", "address to listen on; port 0 picks a free port")
	fs.StringVar(&cfg.token, "token", mockserver.DefaultToken, "the Bearer token the mock accepts")
	fs.DurationVar(&cfg.jobDuration, "job-duration", mockserver.DefaultJobDuration, "how long a job takes from 0 to 100 %; 0 finishes jobs on the next request")
	fs.Int64Var(&cfg.seed, "seed", 0, "seed for the fault dice, so fault runs repeat")
	fs.StringVar(&cfg.listShape, "list-shape", string(mockserver.ListShapeObject), `ListCIMG data shape: "object" ({count, items}, like the official example) or "array" (like the doc's table)`)
	fs.StringVar(&cfg.endpointFile, "endpoint-file", "", "write the base URL to this file once listening (removed on exit)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if shape := mockserver.ListShape(cfg.listShape); shape != mockserver.ListShapeObject && shape != mockserver.ListShapeArray {
		return cfg, fmt.Errorf("-list-shape %q: want %q or %q", cfg.listShape, mockserver.ListShapeObject, mockserver.ListShapeArray)
	}
	if cfg.token == "" {
		return cfg, errors.New("-token must not be empty")
	}
	return cfg, nil
}

// run serves until ctx ends; stdout gets the banner, stderr the request log.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)

	jobDuration := cfg.jobDuration
	if jobDuration == 0 {
		jobDuration = -1 // Options reads zero as "default"; negative means instant
	}
	mock := mockserver.New(mockserver.Options{
		Token:       cfg.token,
		JobDuration: jobDuration,
		Seed:        cfg.seed,
		ListShape:   mockserver.ListShape(cfg.listShape),
		OnRequest:   func(rec mockserver.RequestRecord) { logger.Print(logLine(rec)) },
	})

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
