package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// argsEnv carries the arguments of a child that runs main instead of the
// tests, so a test can kill a real didiyun-mock process.
const argsEnv = "DIDIYUN_MOCK_TEST_ARGS"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(argsEnv); ok {
		var list []string
		if err := json.Unmarshal([]byte(args), &list); err != nil {
			panic(err)
		}
		os.Args = append([]string{"didiyun-mock"}, list...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child is didiyun-mock running in a process of its own.
type child struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	exited         chan struct{}
	waitErr        error
}

// startChild runs the command with args and returns once it has written
// endpointFile, which it is given with -endpoint-file.
func startChild(t *testing.T, endpointFile string, args ...string) (*child, string) {
	t.Helper()
	_ = os.Remove(endpointFile) // a killed child leaves its file behind
	encoded, _ := json.Marshal(append([]string{"-listen", "127.0.0.1:0", "-endpoint-file", endpointFile}, args...))
	cmd := exec.Command(os.Args[0], "-test.run=^$") //nolint:gosec // G204: the test binary runs itself as the command
	c := &child{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	c.cmd.Env = append(os.Environ(), argsEnv+"="+string(encoded))
	c.cmd.Stdout, c.cmd.Stderr = c.stdout, c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.waitErr = c.cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(func() {
		_ = c.cmd.Process.Kill()
		<-c.exited
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-c.exited:
			t.Fatalf("didiyun-mock exited early: %v\n%s", c.waitErr, c.stderr.String())
		default:
		}
		// The banner's last line, copied from the pipe, comes before the file.
		b, err := os.ReadFile(endpointFile)
		if err == nil && strings.Contains(c.stdout.String(), "export DIDIYUN_REGION=") {
			return c, strings.TrimSpace(string(b))
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no endpoint file after 20s:\n%s", c.stderr.String())
	return nil, ""
}

// runChild runs the command to its end and returns its exit code and stderr.
func runChild(t *testing.T, args ...string) (int, string) {
	t.Helper()
	encoded, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$") //nolint:gosec // G204: the test binary runs itself as the command
	cmd.Env = append(os.Environ(), argsEnv+"="+string(encoded))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if exitErr, ok := err.(*exec.ExitError); ok { //nolint:errorlint // Run returns *ExitError itself
		return exitErr.ExitCode(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

// kill stops the child with SIGKILL (TerminateProcess on Windows): no
// deferred code runs, no file is closed cleanly.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-c.exited
}

// stop asks the child to stop as Ctrl-C would and waits for it.
func (c *child) stop(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	<-c.exited
	if c.waitErr != nil {
		t.Errorf("didiyun-mock after SIGINT: %v\n%s", c.waitErr, c.stderr.String())
	}
}

func tempPath(t *testing.T, name string) string { return filepath.Join(t.TempDir(), name) }
