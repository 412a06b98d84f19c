package main

import (
	"errors"
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

// prober times single appends + fdatasync to one file, in slices that the run interleaves with
// the single-committer cells so that both see the device in the same state.
type prober struct {
	f   *os.File
	rec []byte
	off int64
	lat []time.Duration
}

func newProber(path string, recordBytes int) (*prober, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	return &prober{f: f, rec: make([]byte, recordBytes)}, nil
}

// slice appends and syncs for d, and at least 10 times.
func (p *prober) slice(d time.Duration) error {
	deadline := time.Now().Add(d)
	for n := 0; n < 10 || time.Now().Before(deadline); n++ {
		start := time.Now()
		if _, err := p.f.WriteAt(p.rec, p.off); err != nil {
			return err
		}
		p.off += int64(len(p.rec))
		if err := fdatasync(p.f); err != nil {
			return err
		}
		p.lat = append(p.lat, time.Since(start))
	}
	return nil
}

// finish closes and removes the file and returns the figures.
func (p *prober) finish() (syncProbe, error) {
	err := errors.Join(p.f.Close(), os.Remove(p.f.Name()))
	lat := slices.Clone(p.lat)
	slices.Sort(lat)
	return syncProbe{
		Iterations: len(lat),
		P50Micros:  micros(percentile(lat, 0.50)),
		P99Micros:  micros(percentile(lat, 0.99)),
	}, err
}
