// Command didiyun-mock runs the mock DiDi Cloud API alone, for trying the
// provider locally and for other projects' pipelines:
//
//	didiyun-mock -listen 127.0.0.1:0 -endpoint-file /tmp/didiyun.url -state-file /tmp/didiyun.state
//
// It prints the endpoint, the tokens and export lines to paste, logs one line
// per request (never a token) and stops cleanly on SIGINT or SIGTERM. With
// -state-file the cloud survives restarts, kill -9 included; a state file it
// cannot read stops it with a message naming the file and exit status 1.
// Its manual is internal/mockserver/README.md.
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

// version is set by the release build (-X main.version=...).
var version = "dev"

// run serves until ctx ends or the state file or journal cannot be written;
// stdout gets the banner, stderr the request log.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.version {
		fmt.Fprintln(stdout, "didiyun-mock", version)
		return nil
	}
	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)

	opts := cfg.options(func(rec mockserver.RequestRecord) { logger.Print(logLine(rec)) })
	opts.OnWriteError = func(err error) { stop(err) }
	if cfg.journal != "" {
		journal, err := os.OpenFile(cfg.journal, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("journal: %w", err)
		}
		defer func() { _ = journal.Close() }() // written line by line, nothing is buffered
		opts.Journal = journal
	}
	mock, err := mockserver.Open(opts)
	if err != nil {
		return err
	}
	defer func() { _ = mock.Close() }() // on the way out after an error; the clean stop closes it below

	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return err
	}
	baseURL := "http://" + ln.Addr().String()
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	// The banner first: a script that waits for the endpoint file then finds
	// the banner whole.
	printBanner(stdout, baseURL, mock, cfg)
	if warning := exposedWarning(baseURL); warning != "" {
		logger.Print(warning) // stdout may go to /dev/null in a pipeline
	}
	if cfg.endpointFile != "" {
		if err := writeFileAtomic(cfg.endpointFile, baseURL+"\n"); err != nil {
			_ = srv.Close()
			return err
		}
		defer os.Remove(cfg.endpointFile)
	}

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
	if err := mock.Close(); err != nil {
		return fmt.Errorf("closing: %w", err)
	}
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return fmt.Errorf("stopped: %w", cause)
	}
	logger.Print("stopped")
	return nil
}
