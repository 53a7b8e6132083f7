package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rssSampler records the highest peak RSS (VmHWM) of any process running
// the given executable, read from /proc every few milliseconds.
type rssSampler struct {
	exe  string
	stop chan struct{}
	done sync.WaitGroup
	mu   sync.Mutex
	peak int64 // kB
}

func startRSSSampler(exe string) *rssSampler {
	s := &rssSampler{exe: exe, stop: make(chan struct{})}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		ticker := time.NewTicker(20 * time.Millisecond)
		defer ticker.Stop()
		for {
			s.sample()
			select {
			case <-s.stop:
				return
			case <-ticker.C:
			}
		}
	}()
	return s
}

// stopMB ends sampling and returns the peak in MB.
func (s *rssSampler) stopMB() float64 {
	close(s.stop)
	s.done.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return float64(s.peak) / 1024
}

func (s *rssSampler) sample() {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, dir := range dirs {
		// The executable, not the command line: a linker writing the
		// provider binary also names it.
		if exe, err := os.Readlink(filepath.Join(dir, "exe")); err != nil || exe != s.exe {
			continue
		}
		if kb := vmHWM(filepath.Join(dir, "status")); kb > 0 {
			s.mu.Lock()
			s.peak = max(s.peak, kb)
			s.mu.Unlock()
		}
	}
}

func vmHWM(statusPath string) int64 {
	f, err := os.Open(statusPath)
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }() // read-only
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if rest, ok := strings.CutPrefix(scanner.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}
