package docsnippets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// documents are run in this order, in one shell session: the README's
// walk-through builds the provider and sets up the dev override that the
// manual's pipeline example then uses.
var documents = []string{"README.md", "internal/mockserver/README.md"}

// snippetTimeout bounds one snippet; the slowest applies a copy twice.
const snippetTimeout = 5 * time.Minute

// snippet is one ```sh block and the marker comment right before it, if any:
//
//	<!-- snippet: skip (why) -->                  not run; the test lists it and why
//	<!-- snippet: terraform 1.14+ (why) -->       run only on Terraform 1.14 and later
//	<!-- snippet: run in a copy of examples/DIR --> run in a fresh directory holding DIR's files
//	<!-- snippet: fails within 15s printing "X" --> must fail, within the bound, saying X
type snippet struct {
	file   string
	line   int
	code   string
	marker string
}

var markerRe = regexp.MustCompile(`^<!--\s*snippet:\s*(.*?)\s*-->$`)

func extract(t *testing.T, root, file string) []snippet {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	var out []snippet
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```sh" {
			continue
		}
		s := snippet{file: file, line: i + 1}
		for j := i - 1; j >= 0; j-- { // the nearest non-blank line before the fence
			if prev := strings.TrimSpace(lines[j]); prev != "" {
				if m := markerRe.FindStringSubmatch(prev); m != nil {
					s.marker = m[1]
				}
				break
			}
		}
		var code []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			code = append(code, lines[i])
		}
		s.code = strings.Join(code, "\n") + "\n"
		out = append(out, s)
	}
	return out
}

// TestAccDocSnippets runs every shell snippet of the README and the mock's
// manual in order, each in a bash of its own (set -e) that inherits the
// functions and variables the snippets before it defined, with the mock and
// the CLI under test on PATH as didiyun-mock and terraform.
func TestAccDocSnippets(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run the documents' snippets (acceptance test)")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH names no CLI")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("the snippets need curl")
	}
	version := cliVersion(t, cli)
	if version == "" {
		// The walk-throughs write Terraform's dev override address and run
		// `terraform`; OpenTofu's differs and its own section says how.
		t.Skipf("%s is not Terraform: the documents' walk-throughs are written for Terraform", cli)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}

	work := t.TempDir()
	bin := filepath.Join(work, "bin")
	build := exec.Command("go", "build", "-o", bin+"/", "./internal/mockserver/cmd/didiyun-mock")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building didiyun-mock: %v\n%s", err, out)
	}
	// The CLI under test is the `terraform` the snippets run.
	if err := os.Symlink(cli, filepath.Join(bin, "terraform")); err != nil {
		t.Fatal(err)
	}

	r := &runner{t: t, root: root, work: work, state: filepath.Join(work, "state.sh"), version: version}
	r.env = append(cleanEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "CHECKPOINT_DISABLE=1")
	t.Cleanup(r.killAll)

	var skipped []string
	ran := 0
	for _, file := range documents {
		for _, s := range extract(t, root, file) {
			if why, skip := r.skipReason(s); skip {
				skipped = append(skipped, fmt.Sprintf("%s:%d: %s", s.file, s.line, why))
				continue
			}
			ran++
			if !r.run(s) {
				t.FailNow() // the snippets after it build on it
			}
		}
	}
	t.Logf("ran %d snippets; skipped %d:", ran, len(skipped))
	for _, s := range skipped {
		t.Log("  skipped " + s)
	}
}

type runner struct {
	t       *testing.T
	root    string
	work    string
	state   string
	version string
	env     []string
	pgids   []int
	n       int
}

var skipRe = regexp.MustCompile(`^skip \((.+)\)$`)
var minVersionRe = regexp.MustCompile(`^terraform (\d+)\.(\d+)\+`)

func (r *runner) skipReason(s snippet) (string, bool) {
	if m := skipRe.FindStringSubmatch(s.marker); m != nil {
		return m[1], true
	}
	if m := minVersionRe.FindStringSubmatch(s.marker); m != nil {
		major, _ := strconv.Atoi(m[1])
		minor, _ := strconv.Atoi(m[2])
		if !versionAtLeast(r.version, major, minor) {
			return fmt.Sprintf("needs Terraform %d.%d or later, this is %s (%s)", major, minor, r.version, s.marker), true
		}
	}
	return "", false
}

var failsRe = regexp.MustCompile(`^fails within (\d+)s printing "(.+)"$`)
var copyRe = regexp.MustCompile(`^run in a copy of (examples/[a-z/_-]+)$`)

// run runs one snippet and reports whether it did what its marker says.
func (r *runner) run(s snippet) bool {
	t := r.t
	r.n++
	dir := r.root
	if m := copyRe.FindStringSubmatch(s.marker); m != nil {
		dir = filepath.Join(r.work, fmt.Sprintf("dir%d", r.n))
		copyDir(t, filepath.Join(r.root, m[1]), dir)
	}
	script := filepath.Join(r.work, fmt.Sprintf("snippet%d.sh", r.n))
	// The EXIT trap keeps what the snippet defined for the next one; it runs
	// on failure too, as the snippet's own `exit` ends the bash.
	prelude := fmt.Sprintf(`set -e
[ -f %[1]q ] && . %[1]q
__keep() {
  set +e
  { declare -f; export -p | grep -vE '^declare -x (PWD|OLDPWD|SHLVL)='
    for __v in $(compgen -v); do case $__v in [a-z]*) declare -p "$__v";; esac; done; } > %[1]q.new 2>/dev/null
  mv %[1]q.new %[1]q
}
trap __keep EXIT
cd %[2]q
`, r.state, dir)
	if err := os.WriteFile(script, []byte(prelude+s.code), 0o600); err != nil {
		t.Fatal(err)
	}
	logPath := script + ".log"
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = logFile.Close() }()
	cmd := exec.Command("bash", script)
	cmd.Dir = dir
	cmd.Env = r.env
	// A file, not a pipe: mocks left in the background keep it open, and
	// Wait would wait for them.
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.pgids = append(r.pgids, cmd.Process.Pid)
	timer := time.AfterFunc(snippetTimeout, func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	err = cmd.Wait()
	timer.Stop()
	elapsed := time.Since(start)
	out, _ := os.ReadFile(logPath)
	where := fmt.Sprintf("%s:%d (%s)", s.file, s.line, elapsed.Round(100*time.Millisecond))

	if m := failsRe.FindStringSubmatch(s.marker); m != nil {
		bound, _ := strconv.Atoi(m[1])
		switch {
		case err == nil:
			t.Errorf("%s: succeeded, but the document says it fails:\n%s\n-- output --\n%s", where, s.code, out)
		case elapsed > time.Duration(bound)*time.Second:
			t.Errorf("%s: failed after %s, beyond the %ds the document promises:\n%s", where, elapsed, bound, out)
		case !bytes.Contains(out, []byte(m[2])):
			t.Errorf("%s: failed without printing %q:\n%s", where, m[2], out)
		default:
			t.Logf("%s: failed as documented", where)
			return true
		}
		return false
	}
	if err != nil {
		if elapsed >= snippetTimeout {
			err = fmt.Errorf("killed after %s", snippetTimeout)
		}
		t.Errorf("%s: %v\n%s\n-- output --\n%s", where, err, s.code, tail(out, 80))
		return false
	}
	t.Logf("%s: ok", where)
	return true
}

// killAll stops what the snippets left running, mocks above all.
func (r *runner) killAll() {
	for _, pgid := range r.pgids {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
}

// cleanEnv is the test's environment without what would point the snippets
// at another cloud, CLI configuration or log level.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "DIDIYUN_") || strings.HasPrefix(name, "TF_") || name == "PATH" {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// cliVersion is Terraform's version, or "" for another CLI (OpenTofu).
func cliVersion(t *testing.T, cli string) string {
	t.Helper()
	out, err := exec.Command(cli, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	plain, _ := exec.Command(cli, "version").Output()
	if bytes.Contains(plain, []byte("OpenTofu")) {
		return ""
	}
	return v.Version
}

func versionAtLeast(version string, major, minor int) bool {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return false
	}
	gotMajor, _ := strconv.Atoi(parts[0])
	gotMinor, _ := strconv.Atoi(parts[1])
	return gotMajor > major || gotMajor == major && gotMinor >= minor
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("... (%d lines before)", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
