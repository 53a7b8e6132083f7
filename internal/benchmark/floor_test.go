package main

import (
	"testing"
	"time"
)

func TestFloorOf(t *testing.T) {
	s := time.Second
	tests := []struct {
		durations   []time.Duration
		parallelism int
		want        time.Duration
	}{
		{nil, 3, 0},
		{[]time.Duration{5 * s, 5 * s, 5 * s}, 3, 5 * s},
		{[]time.Duration{5 * s, 5 * s, 5 * s}, 1, 15 * s},
		// The third starts when the 3 s job frees its slot, and ends at 3+7.
		{[]time.Duration{3 * s, 7 * s, 7 * s}, 2, 10 * s},
		// Order matters: a long job started last decides the end.
		{[]time.Duration{3 * s, 3 * s, 3 * s, 7 * s}, 2, 10 * s},
	}
	for _, tt := range tests {
		if got := floorOf(tt.durations, tt.parallelism); got != tt.want {
			t.Errorf("floorOf(%v, %d) = %v, want %v", tt.durations, tt.parallelism, got, tt.want)
		}
	}
}
