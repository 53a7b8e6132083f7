package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver"
)

// config is what the flags say.
type config struct {
	listen            string
	tokens            []string
	jobDuration       time.Duration
	jobDurationSpread float64
	jobRetention      time.Duration
	seed              int64
	pageMax           int
	listShape         mockserver.ListShape
	namesMatch        mockserver.NamesMatch
	hideListJobs      bool
	listChurn         mockserver.ListChurn
	deleteCancelsJobs bool
	statusWhileMade   string
	failCreatesNamed  string
	omitCreateUUID    bool
	jobResultLag      time.Duration
	jobResultLagMode  mockserver.JobResultLagMode
	listingLag        time.Duration
	endpointFile      string
	stateFile         string
	journal           string
	printEnv          bool
	version           bool
}

// TokenEnv names the environment variable the mock takes its token from
// when no -token or -token-file is given: unlike a flag, it is not in ps.
const TokenEnv = "DIDIYUN_MOCK_TOKEN" //nolint:gosec // G101: the name of a variable, not a credential

// tokenList is -token, which may be given more than once.
type tokenList []string

func (l *tokenList) String() string { return fmt.Sprintf("%d tokens", len(*l)) } // never the tokens themselves

func (l *tokenList) Set(token string) error {
	if token == "" {
		return errors.New("must not be empty")
	}
	*l = append(*l, token)
	return nil
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	var tokens tokenList
	var listShape, namesMatch, listChurn, jobResultLagMode, tokenFile string
	fs := flag.NewFlagSet("didiyun-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:8765", "address to listen on; port 0 picks a free port")
	fs.Var(&tokens, "token", "a Bearer token the mock accepts; give it again for more accounts, each with its own images and jobs (default $"+TokenEnv+", else the published DefaultToken). Visible in ps: prefer -token-file or $"+TokenEnv)
	fs.StringVar(&tokenFile, "token-file", "", "read tokens from this file, one a line (blank lines and lines starting with # skipped), after any -token")
	fs.DurationVar(&cfg.jobDuration, "job-duration", mockserver.DefaultJobDuration, "how long a job takes from 0 to 100 %; 0 finishes jobs on the next request")
	fs.Float64Var(&cfg.jobDurationSpread, "job-duration-spread", 0, "vary job durations: 0.4 draws each from job-duration × [0.6, 1.4] (seeded by -seed); 0 gives every job job-duration exactly")
	fs.DurationVar(&cfg.jobRetention, "job-retention", mockserver.DefaultJobRetention, "how long JobResult still knows a finished job; 0 keeps finished jobs forever")
	fs.Int64Var(&cfg.seed, "seed", 0, "seed for the fault dice and the job duration spread, so runs repeat")
	fs.IntVar(&cfg.pageMax, "page-max", mockserver.DefaultMaxPageSize, "most images one ListCIMG page holds, whatever limit asks (the docs set no maximum)")
	fs.StringVar(&listShape, "list-shape", string(mockserver.ListShapeObject), `ListCIMG data shape: "object" ({count, items}, like the official example), "array" (like the doc's table) or "alternate" (object, then array, and so on)`)
	fs.StringVar(&namesMatch, "names-match", string(mockserver.NamesMatchExact), `how ListCIMG's condition.names matches a name: "exact", "substring" or "prefix"`)
	fs.BoolVar(&cfg.hideListJobs, "hide-list-jobs", false, "leave job out of ListCIMG's images (the docs put it there while a job runs), as a server that trims it would")
	fs.StringVar(&listChurn, "list-churn", "", "PREFIX:N deletes up to N images named PREFIX... before every ListCIMG page past the first, as another user would; off when empty")
	fs.BoolVar(&cfg.deleteCancelsJobs, "delete-cancels-jobs", false, "let DeleteCIMG cancel an import, create or rename still running on the image instead of refusing with errno 1")
	fs.StringVar(&cfg.statusWhileMade, "status-while-made", "", `the status a new image shows while its import or create runs, e.g. "Ready" (the docs name no other); empty shows Importing or Creating`)
	fs.StringVar(&cfg.failCreatesNamed, "fail-creates-named", "", "make every import or create of an image whose name starts with this prefix fail after its duration; off when empty")
	fs.BoolVar(&cfg.omitCreateUUID, "omit-create-resource-uuid", false, "leave resourceUuid out of the jobs ImportCIMG and CreateCIMG answer (JobResult still has it), as nothing in the docs promises it there")
	fs.DurationVar(&cfg.jobResultLag, "job-result-lag", 0, "JobResult learns of a job this long after it started, and until then answers as -job-result-lag-mode says (the docs do not promise it knows a job at once); 0 knows jobs at once")
	fs.StringVar(&jobResultLagMode, "job-result-lag-mode", string(mockserver.JobResultLagOmit), `how JobResult answers about a job it does not know yet: "omit" (left out of data, errno 0) or "errno" (errno 1 for the whole request)`)
	fs.DurationVar(&cfg.listingLag, "listing-lag", 0, "ListCIMG lists an image this long after the ImportCIMG or CreateCIMG that made it (the docs do not promise it at once); 0 lists it at once")
	fs.BoolVar(&cfg.printEnv, "print-env", false, "print the tokens and an export DIDIYUN_TOKEN line in the banner (stdout; off so that no log keeps a token)")
	fs.StringVar(&cfg.endpointFile, "endpoint-file", "", "write the base URL to this file once listening (removed on exit)")
	fs.StringVar(&cfg.stateFile, "state-file", "", "keep the cloud in this file: loaded at start when it exists, every change synced to it before it is answered; a file that cannot be read stops the mock")
	fs.StringVar(&cfg.journal, "journal", "", "append one JSON line per API request to this file (no token)")
	fs.BoolVar(&cfg.version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	cfg.tokens = tokens
	if tokenFile != "" {
		fromFile, err := readTokenFile(tokenFile)
		if err != nil {
			return cfg, fmt.Errorf("-token-file %s: %w", tokenFile, err)
		}
		cfg.tokens = append(cfg.tokens, fromFile...)
	}
	if len(cfg.tokens) == 0 {
		if token := strings.TrimSpace(os.Getenv(TokenEnv)); token != "" {
			cfg.tokens = []string{token}
		}
	}
	if len(cfg.tokens) == 0 {
		cfg.tokens = []string{mockserver.DefaultToken}
	}
	if err := mockserver.ValidateJobDurationSpread(cfg.jobDurationSpread); err != nil {
		return cfg, fmt.Errorf("-job-duration-spread: %w", err)
	}
	if cfg.jobRetention < 0 {
		return cfg, fmt.Errorf("-job-retention %s: want 0 (forever) or more", cfg.jobRetention)
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
	if err := mockserver.ValidateLag("JobResult lag", cfg.jobResultLag); err != nil {
		return cfg, fmt.Errorf("-job-result-lag: %w", err)
	}
	cfg.jobResultLagMode = mockserver.JobResultLagMode(jobResultLagMode)
	if err := cfg.jobResultLagMode.Validate(); err != nil {
		return cfg, fmt.Errorf("-job-result-lag-mode: %w", err)
	}
	if err := mockserver.ValidateLag("listing lag", cfg.listingLag); err != nil {
		return cfg, fmt.Errorf("-listing-lag: %w", err)
	}
	var err error
	if cfg.listChurn, err = parseListChurn(listChurn); err != nil {
		return cfg, fmt.Errorf("-list-churn %q: %w", listChurn, err)
	}
	return cfg, nil
}

// readTokenFile reads one token a line; a file without one is a mistake, not
// a reason to fall back to the published DefaultToken.
func readTokenFile(path string) ([]string, error) {
	b, err := os.ReadFile(path) //nolint:gosec // G304: the user names the file
	if err != nil {
		return nil, err
	}
	var tokens []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		tokens = append(tokens, line)
	}
	if len(tokens) == 0 {
		return nil, errors.New("holds no token (one a line)")
	}
	return tokens, nil
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
	jobRetention := cfg.jobRetention
	if jobRetention == 0 {
		jobRetention = -1 // Options reads zero as "default"; negative means forever
	}
	return mockserver.Options{
		Token:                  cfg.tokens[0],
		Tokens:                 cfg.tokens[1:],
		JobDuration:            jobDuration,
		JobDurationSpread:      cfg.jobDurationSpread,
		JobRetention:           jobRetention,
		Seed:                   cfg.seed,
		MaxPageSize:            cfg.pageMax,
		ListShape:              cfg.listShape,
		NamesMatch:             cfg.namesMatch,
		HideListJobs:           cfg.hideListJobs,
		ListChurn:              cfg.listChurn,
		DeleteCancelsJobs:      cfg.deleteCancelsJobs,
		StatusWhileMade:        cfg.statusWhileMade,
		FailCreatesNamed:       cfg.failCreatesNamed,
		OmitCreateResourceUUID: cfg.omitCreateUUID,
		JobResultLag:           cfg.jobResultLag,
		JobResultLagMode:       cfg.jobResultLagMode,
		ListingLag:             cfg.listingLag,
		StateFile:              cfg.stateFile,
		OnRequest:              onRequest,
	}
}
