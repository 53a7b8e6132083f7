// Command benchmark drives a real Terraform, with the provider built from
// this tree, against the standalone mock DiDi Cloud and prints what it
// measured. The request counts come from the mock's counters, never from the
// provider's own bookkeeping. Run it with `make bench`.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"time"
)

func main() {
	terraform := flag.String("terraform", os.Getenv("TERRAFORM"), "path of the terraform binary (v1.5.7)")
	applyN := flag.Int("apply-n", 30, "images in the parallel apply")
	applyJob := flag.Duration("apply-job", 5*time.Second, "mean job duration in the parallel apply")
	spread := flag.Float64("spread", 0.4, "job durations spread uniformly over ± this fraction of -apply-job (seeded)")
	parallelism := flag.Int("parallelism", 10, "terraform -parallelism")
	refreshN := flag.Int("refresh-n", 30, "images in state for the refresh benchmark")
	longJob := flag.Duration("long-job", 60*time.Second, "the long single-import job duration (0 skips it)")
	journal := flag.String("journal", "", "let the mock write its journal of API requests to this file, to see when each call went")
	scale := flag.Bool("scale", true, "add the scale rows: 300 copies at -parallelism=30 and a refresh of 1000 images")
	pageMax := flag.Int("page-max", 0, "most images one ListCIMG page of the mock holds (0: the mock's default)")
	flag.Parse()
	if *terraform == "" {
		log.Fatal("set -terraform or TERRAFORM to a Terraform v1.5.7 binary (scripts/terraform.sh prints one)")
	}

	err := run(*terraform, settings{*applyN, *applyJob, *spread, *parallelism, *refreshN, *longJob, *scale, *journal, *pageMax})
	if err != nil {
		log.Fatal(err)
	}
}

// settings are the flags.
type settings struct {
	applyN      int
	applyJob    time.Duration
	spread      float64
	parallelism int
	refreshN    int
	longJob     time.Duration
	scale       bool
	journal     string
	pageMax     int
}

// run owns the harness so that the mock stops and the temp dir goes even
// when a scenario fails.
func run(terraform string, s settings) error {
	h, err := newHarness(terraform, s.journal, s.pageMax)
	if err != nil {
		return err
	}
	defer h.close()

	pages := "the mock's default page size"
	if s.pageMax > 0 {
		pages = fmt.Sprintf("ListCIMG pages of at most %d images", s.pageMax)
	}
	fmt.Printf("benchmark: terraform %s, provider built from this tree, mock at %s, %s\n\n", terraform, h.endpoint, pages)
	if err := benchParallelApply(h, s.applyN, s.applyJob, s.spread, s.parallelism); err != nil {
		return err
	}
	if err := benchRefresh(h, s.refreshN); err != nil {
		return err
	}
	if s.scale {
		if err := benchParallelApply(h, 300, s.applyJob, s.spread, 30); err != nil {
			return err
		}
		if err := benchRefresh(h, 1000); err != nil {
			return err
		}
	}
	longJob := s.longJob
	for _, job := range []time.Duration{5 * time.Second, longJob} {
		if job <= 0 {
			continue
		}
		if err := benchDetection(h, job); err != nil {
			return err
		}
	}
	return nil
}
