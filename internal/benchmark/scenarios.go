package main

import (
	"fmt"
	"math"
	"time"
)

// benchParallelApply: n imports with for_each at the given parallelism.
// The floor is the time the jobs alone need: each starts, in the order they
// did start, as soon as one of the parallelism slots is free (see floorOf).
func benchParallelApply(h *harness, n int, job time.Duration, spread float64, parallelism int) error {
	dir, err := h.workspace("apply", imagesConfig("apply", n))
	if err != nil {
		return err
	}
	if err := h.setJobs(job, spread); err != nil {
		return err
	}
	if _, _, err := h.detection(); err != nil { // starts the count afresh
		return err
	}
	before, err := h.counters()
	if err != nil {
		return err
	}
	rss := startRSSSampler(h.providerPath())
	wall, err := h.run(dir, "apply", "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", parallelism))
	peakMB, cpu := rss.stop()
	if err != nil {
		return err
	}
	after, err := h.counters()
	if err != nil {
		return err
	}
	detection, ok, err := h.detection()
	if err != nil {
		return err
	}
	floor := time.Duration(float64(job) * math.Ceil(float64(n)/float64(parallelism)))
	if ok && len(detection.durations) == n {
		floor = floorOf(detection.durations, parallelism)
	}
	fmt.Printf("apply of %d imports, jobs %s ± %.0f %%, -parallelism=%d\n", n, job, spread*100, parallelism)
	fmt.Printf("  wall %.2fs, floor %.2fs, ratio %.3f (target <= 1.25)\n", wall.Seconds(), floor.Seconds(), wall.Seconds()/floor.Seconds())
	printPerCopy(before, after, n)
	fmt.Printf("  provider peak RSS %.1f MB, CPU %.2fs\n", peakMB, cpu.Seconds())
	if ok {
		fmt.Printf("  detection delay: mean %.3fs, max %.3fs over %d jobs (target: mean <= 0.3s)\n", detection.mean.Seconds(), detection.max.Seconds(), detection.jobs)
	}
	fmt.Println()
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
	rss := startRSSSampler(h.providerPath())
	refresh, err := h.fastest(3, dir, "plan", "-input=false", "-detailed-exitcode")
	peakMB, cpu := rss.stop()
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
	// Pages of 100 that each read one image of the page before again.
	inRegion := n + 4 // and the seeded images
	target := int(math.Ceil(float64(inRegion)/100)) + 2
	fmt.Printf("plan of %d images in state (%d in the region)\n", n, inRegion)
	fmt.Printf("  refresh: wall %.2fs (fastest of 3), ListCIMG calls %.1f per plan (target <= %d)\n",
		refresh.Seconds(), float64(delta(before, after, "ListCIMG"))/3, target)
	fmt.Printf("  -refresh=false: wall %.2fs (fastest of 3); ratio %.3f\n", noRefresh.Seconds(), refresh.Seconds()/noRefresh.Seconds())
	fmt.Printf("  provider peak RSS %.1f MB, CPU %.2fs over the 3 refreshing plans\n\n", peakMB, cpu.Seconds())
	return destroyQuickly(h, dir)
}

// floorOf is how long jobs of these durations take when each starts, in
// this order, the moment one of parallelism slots frees: the apply with no
// time lost between jobs.
func floorOf(durations []time.Duration, parallelism int) time.Duration {
	free := make([]time.Duration, parallelism) // when each slot frees
	var end time.Duration
	for _, d := range durations {
		slot := 0
		for i := range free {
			if free[i] < free[slot] {
				slot = i
			}
		}
		free[slot] += d
		end = max(end, free[slot])
	}
	return end
}

// printPerCopy prints the API requests per copy, by endpoint and in all.
func printPerCopy(before, after map[string]int, n int) {
	total := 0
	for _, endpoint := range []string{"ImportCIMG", "JobResult", "ListCIMG", "ListRegionAndZone"} {
		calls := delta(before, after, endpoint)
		total += calls
		fmt.Printf("  %-17s %5d calls, %.2f per copy\n", endpoint, calls, float64(calls)/float64(n))
	}
	fmt.Printf("  %-17s %5d calls, %.2f per copy (target <= 3.0)\n", "all", total, float64(total)/float64(n))
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
