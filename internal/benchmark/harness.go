package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// harness owns the built binaries, the running mock and the Terraform
// environment with a development override.
type harness struct {
	terraform string
	dir       string
	endpoint  string
	token     string
	mock      *exec.Cmd
	env       []string
}

func newHarness(terraform, journal string, pageMax int) (*harness, error) {
	dir, err := os.MkdirTemp("", "didiyun-bench-")
	if err != nil {
		return nil, err
	}
	h := &harness{terraform: terraform, dir: dir, token: randomHex(32)}
	steps := [][]string{
		{"go", "build", "-trimpath", "-o", h.providerPath(), "."},
		{"go", "build", "-o", filepath.Join(dir, "didiyun-mock"), "./internal/mockserver/cmd/didiyun-mock"},
	}
	for _, step := range steps {
		if out, err := exec.Command(step[0], step[1:]...).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("%s: %v\n%s", strings.Join(step, " "), err, out)
		}
	}
	endpointFile := filepath.Join(dir, "endpoint")
	mockArgs := []string{"-listen", "127.0.0.1:0", "-token", h.token, "-endpoint-file", endpointFile}
	if journal != "" {
		mockArgs = append(mockArgs, "-journal", journal)
	}
	if pageMax > 0 {
		mockArgs = append(mockArgs, "-page-max", fmt.Sprint(pageMax))
	}
	h.mock = exec.Command(filepath.Join(dir, "didiyun-mock"), mockArgs...)
	logFile, err := os.Create(filepath.Join(dir, "mock.log"))
	if err != nil {
		return nil, err
	}
	h.mock.Stdout, h.mock.Stderr = logFile, logFile
	if err := h.mock.Start(); err != nil {
		return nil, err
	}
	for i := 0; i < 100 && h.endpoint == ""; i++ {
		if data, err := os.ReadFile(endpointFile); err == nil && len(data) > 0 {
			h.endpoint = strings.TrimSpace(string(data))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if h.endpoint == "" {
		h.close()
		return nil, fmt.Errorf("the mock did not start; see %s", logFile.Name())
	}

	cliConfig := filepath.Join(dir, "terraform.rc")
	override := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/didiyun/didiyun\" = %q\n  }\n  direct {}\n}\n",
		filepath.Join(dir, "bin"))
	if err := os.WriteFile(cliConfig, []byte(override), 0o600); err != nil {
		return nil, err
	}
	h.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"DIDIYUN_ENDPOINT="+h.endpoint, "DIDIYUN_TOKEN="+h.token, "DIDIYUN_REGION=gz")
	return h, nil
}

func (h *harness) providerPath() string {
	return filepath.Join(h.dir, "bin", "terraform-provider-didiyun")
}

func (h *harness) close() {
	if h.mock != nil && h.mock.Process != nil {
		_ = h.mock.Process.Signal(os.Interrupt)
		_ = h.mock.Wait()
	}
	_ = os.RemoveAll(h.dir)
}

// workspace writes a Terraform configuration into a fresh directory.
func (h *harness) workspace(name, config string) (string, error) {
	dir := filepath.Join(h.dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

// run times one terraform command in dir.
func (h *harness) run(dir string, args ...string) (time.Duration, error) {
	cmd := exec.Command(h.terraform, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = h.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return elapsed, fmt.Errorf("terraform %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return elapsed, nil
}

// fastest runs a command n times and returns its shortest wall time.
func (h *harness) fastest(n int, dir string, args ...string) (time.Duration, error) {
	var best time.Duration
	for i := 0; i < n; i++ {
		wall, err := h.run(dir, args...)
		if err != nil {
			return 0, err
		}
		if i == 0 || wall < best {
			best = wall
		}
	}
	return best, nil
}

// counters reads the mock's per-endpoint request counts.
func (h *harness) counters() (map[string]int, error) {
	resp, err := http.Get(h.endpoint + "/_mock/counters")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body struct {
		Counts map[string]int `json:"counts"`
	}
	return body.Counts, json.NewDecoder(resp.Body).Decode(&body)
}

func (h *harness) setJobDuration(d time.Duration) error { return h.setJobs(d, 0) }

// setJobs makes new jobs last d, spread uniformly over ± spread of it.
func (h *harness) setJobs(d time.Duration, spread float64) error {
	payload := fmt.Sprintf(`{"jobDurationMs": %d, "jobDurationSpread": %g}`, d.Milliseconds(), spread)
	resp, err := http.Post(h.endpoint+"/_mock/config", "application/json", strings.NewReader(payload))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mock config: HTTP %d", resp.StatusCode)
	}
	return nil
}

// detectionStats is how late the provider saw jobs done, by the mock's clock.
type detectionStats struct {
	jobs      int
	mean, max time.Duration
	durations []time.Duration // the jobs' set durations, in the order they started
}

// detection reads and resets the mock's detection figures; ok is false when
// the mock does not keep them.
func (h *harness) detection() (stats detectionStats, ok bool, err error) {
	resp, err := http.Post(h.endpoint+"/_mock/detection/reset", "application/json", nil)
	if err != nil {
		return stats, false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return stats, false, nil
	}
	var body struct {
		Jobs        int     `json:"jobs"`
		MeanMs      int64   `json:"meanMs"`
		MaxMs       int64   `json:"maxMs"`
		DurationsMs []int64 `json:"durationsMs"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return stats, false, err
	}
	stats = detectionStats{jobs: body.Jobs, mean: ms(body.MeanMs), max: ms(body.MaxMs)}
	for _, d := range body.DurationsMs {
		stats.durations = append(stats.durations, ms(d))
	}
	return stats, true, nil
}

// imagesConfig declares n copies of the seeded bj image.
func imagesConfig(prefix string, n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    didiyun = { source = "didiyun/didiyun" }
  }
}

resource "didiyun_cimg_import" "bench" {
  for_each          = toset([for i in range(%d) : format("%s-%%03d", i)])
  name              = each.key
  origin_image_uuid = "4a48f88391134a01befe88ff98b68af8"
  origin_region_id  = "bj"
}
`, n, prefix)
}

func ms(n int64) time.Duration { return time.Duration(n) * time.Millisecond }

func delta(before, after map[string]int, endpoint string) int {
	return after[endpoint] - before[endpoint]
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
