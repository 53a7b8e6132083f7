package main

import (
	"fmt"
	"math"
	"time"
)

// benchParallelApply: n imports with for_each at the given parallelism.
// The floor is the time the jobs alone need: job × ceil(n / parallelism).
func benchParallelApply(h *harness, n int, job time.Duration, parallelism int) error {
	dir, err := h.workspace("apply", imagesConfig("apply", n))
	if err != nil {
		return err
	}
	if err := h.setJobDuration(job); err != nil {
		return err
	}
	before, err := h.counters()
	if err != nil {
		return err
	}
	rss := startRSSSampler(h.providerPath())
	wall, err := h.run(dir, "apply", "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", parallelism))
	peakMB := rss.stopMB()
	if err != nil {
		return err
	}
	after, err := h.counters()
	if err != nil {
		return err
	}
	floor := time.Duration(float64(job) * math.Ceil(float64(n)/float64(parallelism)))
	fmt.Printf("apply of %d imports, job %s, -parallelism=%d\n", n, job, parallelism)
	fmt.Printf("  wall %.2fs, floor %.2fs, ratio %.3f (target <= 1.15)\n", wall.Seconds(), floor.Seconds(), wall.Seconds()/floor.Seconds())
	fmt.Printf("  JobResult calls %d = %.3f per import (target <= 0.5); ListCIMG calls %d; ImportCIMG calls %d\n",
		delta(before, after, "JobResult"), float64(delta(before, after, "JobResult"))/float64(n),
		delta(before, after, "ListCIMG"), delta(before, after, "ImportCIMG"))
	fmt.Printf("  provider peak RSS %.1f MB (target <= 60)\n\n", peakMB)
	return destroyQuickly(h, dir)
}

// benchRefresh: a plan that refreshes n images against one that does not.
func benchRefresh(h *harness, n int) error {
	dir, err := h.workspace("refresh", imagesConfig("refresh", n))
	if err != nil {
		return err
	}
	if err := h.setJobDuration(0); err != nil {
		return err
	}
	if _, err := h.run(dir, "apply", "-auto-approve", "-input=false", "-parallelism=20"); err != nil {
		return err
	}
	before, err := h.counters()
	if err != nil {
		return err
	}
	// Each plan runs three times; the fastest run is the least disturbed.
	refresh, err := h.fastest(3, dir, "plan", "-input=false", "-detailed-exitcode")
	if err != nil {
		return err
	}
	after, err := h.counters()
	if err != nil {
		return err
	}
	noRefresh, err := h.fastest(3, dir, "plan", "-input=false", "-refresh=false")
	if err != nil {
		return err
	}
	fmt.Printf("plan of %d images in state\n", n)
	fmt.Printf("  refresh: wall %.2fs (fastest of 3), ListCIMG calls %.1f per plan (target <= 15)\n",
		refresh.Seconds(), float64(delta(before, after, "ListCIMG"))/3)
	fmt.Printf("  -refresh=false: wall %.2fs (fastest of 3); ratio %.3f (target <= 1.5)\n\n", noRefresh.Seconds(), refresh.Seconds()/noRefresh.Seconds())
	return destroyQuickly(h, dir)
}

// benchDetection: how late a single finished job is noticed. Terraform's
// own cost is a no-op plan of the same configuration once applied.
func benchDetection(h *harness, job time.Duration) error {
	dir, err := h.workspace(fmt.Sprintf("detect-%s", job), imagesConfig(fmt.Sprintf("detect-%d", job.Milliseconds()), 1))
	if err != nil {
		return err
	}
	if err := h.setJobDuration(job); err != nil {
		return err
	}
	wall, err := h.run(dir, "apply", "-auto-approve", "-input=false")
	if err != nil {
		return err
	}
	overhead, err := h.run(dir, "plan", "-input=false")
	if err != nil {
		return err
	}
	detection := wall - job - overhead
	target := max(500*time.Millisecond, job/20)
	fmt.Printf("single import, job %s\n", job)
	fmt.Printf("  apply wall %.2fs, no-op plan %.2fs, detection delay %.3fs (target <= %.2fs)\n\n",
		wall.Seconds(), overhead.Seconds(), detection.Seconds(), target.Seconds())
	return destroyQuickly(h, dir)
}

func destroyQuickly(h *harness, dir string) error {
	if err := h.setJobDuration(0); err != nil {
		return err
	}
	_, err := h.run(dir, "destroy", "-auto-approve", "-input=false", "-parallelism=20")
	return err
}
