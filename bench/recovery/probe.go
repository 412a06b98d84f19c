package main

import (
	"os"
	"slices"
	"time"
)

// syncProbe is the cost of one durable append on its own: write one record at the end of a
// file and fdatasync it, in a loop, with nothing to batch with. It is the floor for a single
// committer's commit latency.
type syncProbe struct {
	Iterations int     `json:"iterations"`
	P50Micros  float64 `json:"p50_us"`
	P99Micros  float64 `json:"p99_us"`
}

func probeFdatasync(path string, recordBytes int, d time.Duration) (syncProbe, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return syncProbe{}, err
	}
	defer os.Remove(path)
	rec := make([]byte, recordBytes)
	var lat []time.Duration
	var off int64
	deadline := time.Now().Add(d)
	for len(lat) < 10 || time.Now().Before(deadline) {
		start := time.Now()
		if _, err := f.WriteAt(rec, off); err != nil {
			f.Close()
			return syncProbe{}, err
		}
		off += int64(len(rec))
		if err := fdatasync(f); err != nil {
			f.Close()
			return syncProbe{}, err
		}
		lat = append(lat, time.Since(start))
	}
	if err := f.Close(); err != nil {
		return syncProbe{}, err
	}
	slices.Sort(lat)
	return syncProbe{
		Iterations: len(lat),
		P50Micros:  micros(percentile(lat, 0.50)),
		P99Micros:  micros(percentile(lat, 0.99)),
	}, nil
}
