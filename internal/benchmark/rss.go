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
// the given executable, and the CPU time they used, read from /proc every
// few milliseconds.
type rssSampler struct {
	exe  string
	quit chan struct{}
	done sync.WaitGroup
	mu   sync.Mutex
	peak int64            // kB
	cpu  map[string]int64 // clock ticks by /proc dir, the last reading
}

func startRSSSampler(exe string) *rssSampler {
	s := &rssSampler{exe: exe, quit: make(chan struct{}), cpu: map[string]int64{}}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		ticker := time.NewTicker(20 * time.Millisecond)
		defer ticker.Stop()
		for {
			s.sample()
			select {
			case <-s.quit:
				return
			case <-ticker.C:
			}
		}
	}()
	return s
}

// stop ends sampling and returns the peak RSS in MB and the CPU time of
// every provider process seen (the last reading before each exited).
func (s *rssSampler) stop() (peakMB float64, cpu time.Duration) {
	close(s.quit)
	s.done.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	var ticks int64
	for _, t := range s.cpu {
		ticks += t
	}
	return float64(s.peak) / 1024, time.Duration(ticks) * time.Second / clockTicksPerSecond
}

// clockTicksPerSecond is USER_HZ, 100 on Linux.
const clockTicksPerSecond = 100

func (s *rssSampler) sample() {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, dir := range dirs {
		// The executable, not the command line: a linker writing the
		// provider binary also names it.
		if exe, err := os.Readlink(filepath.Join(dir, "exe")); err != nil || exe != s.exe {
			continue
		}
		kb := vmHWM(filepath.Join(dir, "status"))
		ticks := cpuTicks(filepath.Join(dir, "stat"))
		s.mu.Lock()
		s.peak = max(s.peak, kb)
		s.cpu[dir] = max(s.cpu[dir], ticks)
		s.mu.Unlock()
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

// cpuTicks is utime + stime from /proc/PID/stat.
func cpuTicks(statPath string) int64 {
	raw, err := os.ReadFile(statPath)
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return utime + stime
}
