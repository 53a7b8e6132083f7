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
	applyJob := flag.Duration("apply-job", 5*time.Second, "job duration in the parallel apply")
	parallelism := flag.Int("parallelism", 10, "terraform -parallelism")
	refreshN := flag.Int("refresh-n", 200, "images in state for the refresh benchmark")
	longJob := flag.Duration("long-job", 60*time.Second, "the long single-import job duration (0 skips it)")
	flag.Parse()
	if *terraform == "" {
		log.Fatal("set -terraform or TERRAFORM to a Terraform v1.5.7 binary (scripts/terraform.sh prints one)")
	}

	err := run(*terraform, *applyN, *applyJob, *parallelism, *refreshN, *longJob)
	if err != nil {
		log.Fatal(err)
	}
}

// run owns the harness so that the mock stops and the temp dir goes even
// when a scenario fails.
func run(terraform string, applyN int, applyJob time.Duration, parallelism, refreshN int, longJob time.Duration) error {
	h, err := newHarness(terraform)
	if err != nil {
		return err
	}
	defer h.close()

	fmt.Printf("benchmark: terraform %s, provider built from this tree, mock at %s\n\n", terraform, h.endpoint)
	if err := benchParallelApply(h, applyN, applyJob, parallelism); err != nil {
		return err
	}
	if err := benchRefresh(h, refreshN); err != nil {
		return err
	}
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
