package main

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// cellConfig is what one cell of the table runs: one system at one number of committers.
type cellConfig struct {
	accounts   int
	committers int
	warmup     time.Duration // transfers run but are not counted
	duration   time.Duration // the measured window
	seed       uint64        // committer w of slice i draws its transfers from PCG(seed, i<<32|w)
	stream     uint64        // the slice number i
	maxAmount  int64         // transfers move 1..maxAmount
}

// cellResult is one measured cell. Latencies are per transfer, from the call to its durable
// return, for transfers that returned inside the measured window.
type cellResult struct {
	System     string  `json:"system"`
	Committers int     `json:"committers"`
	Skipped    bool    `json:"skipped,omitempty"`
	Note       string  `json:"note,omitempty"`
	Commits    int     `json:"commits"`
	Seconds    float64 `json:"seconds"`
	TxPerSec   float64 `json:"tx_per_sec"`
	P50Micros  float64 `json:"p50_us"`
	P99Micros  float64 `json:"p99_us"`
	// CommitsPerSync is commits over syncs for the whole cell, warmup included, for the
	// systems that count them (log, raw): how well group commit batched.
	CommitsPerSync float64 `json:"commits_per_sync,omitempty"`
	// Checkpoints is how many automatic checkpoints the log store ran during the cell.
	Checkpoints int64 `json:"checkpoints,omitempty"`
	// CheckpointStallMicros is the longest time a checkpoint held commits up (the store's
	// lifetime maximum at the end of the cell).
	CheckpointStallMicros float64 `json:"checkpoint_stall_us,omitempty"`
	// TotalChecked is the conserved total of all balances, verified after the cell (and, for
	// durable systems, again after closing and reopening the store).
	TotalChecked int64 `json:"total_checked"`
}

// errMoneyNotConserved fails the run: a benchmark of a store that loses money measures nothing.
var errMoneyNotConserved = errors.New("money not conserved")

// A cell is one system at one number of committers, open across the slices it is measured in.
type cell struct {
	c         contender
	dir       string
	cfg       cellConfig
	sys       system // nil when skipped
	res       cellResult
	latencies []time.Duration
	window    time.Duration
	slices    int
}

// openCell opens c in dir and checks the starting total. An open failure of an optional
// contender gives a skipped cell; every other failure is an error.
func openCell(c contender, dir string, cfg cellConfig) (*cell, error) {
	cl := &cell{c: c, dir: dir, cfg: cfg, res: cellResult{System: c.name, Committers: cfg.committers}}
	sys, err := c.open(dir, cfg.accounts)
	if err != nil {
		if c.optional {
			cl.res.Skipped = true
			cl.res.Note = err.Error()
			return cl, nil
		}
		return nil, fmt.Errorf("%s: open: %w", c.name, err)
	}
	if err := checkTotal(sys, cl.want()); err != nil {
		return nil, errors.Join(fmt.Errorf("%s: before the run: %w", c.name, err), sys.close())
	}
	cl.sys = sys
	return cl, nil
}

func (cl *cell) want() int64 { return int64(cl.cfg.accounts) * initialBalance }

// slice runs cfg.committers committers for warmup and then measures them for d. Each slice
// draws fresh transfer streams. A skipped cell does nothing.
func (cl *cell) slice(warmup, d time.Duration) error {
	if cl.sys == nil {
		return nil
	}
	cfg := cl.cfg
	cfg.warmup, cfg.duration = warmup, d
	cfg.stream = uint64(cl.slices)
	cl.slices++
	m := measure(cl.sys, cfg)
	if m.err != nil {
		return errors.Join(fmt.Errorf("%s at %d committers: %w", cl.c.name, cfg.committers, m.err), cl.abandon())
	}
	cl.latencies = append(cl.latencies, m.latencies...)
	cl.window += m.window
	return nil
}

// abandon closes a cell that failed.
func (cl *cell) abandon() error {
	if cl.sys == nil {
		return nil
	}
	err := cl.sys.close()
	cl.sys = nil
	return err
}

// finish computes the cell's figures, checks the total, closes the store and, for a durable
// system, reopens it and checks the total again.
func (cl *cell) finish() (cellResult, error) {
	res := cl.res
	if cl.sys == nil {
		return res, nil
	}
	sys, c := cl.sys, cl.c
	cl.sys = nil
	if b, ok := sys.(batcher); ok {
		commits, syncs, ckpts, stall := b.syncStats()
		if syncs > 0 {
			res.CommitsPerSync = float64(commits) / float64(syncs)
		}
		res.Checkpoints = ckpts
		res.CheckpointStallMicros = micros(stall)
	}
	res.Commits = len(cl.latencies)
	res.Seconds = cl.window.Seconds()
	if res.Seconds > 0 {
		res.TxPerSec = float64(res.Commits) / res.Seconds
	}
	slices.Sort(cl.latencies)
	res.P50Micros = micros(percentile(cl.latencies, 0.50))
	res.P99Micros = micros(percentile(cl.latencies, 0.99))

	want, n := cl.want(), cl.cfg.committers
	if err := checkTotal(sys, want); err != nil {
		return res, errors.Join(fmt.Errorf("%s at %d committers: after the run: %w", c.name, n, err), sys.close())
	}
	if err := sys.close(); err != nil {
		return res, fmt.Errorf("%s: close: %w", c.name, err)
	}
	if c.durable {
		sys, err := c.open(cl.dir, cl.cfg.accounts)
		if err != nil {
			return res, fmt.Errorf("%s: reopen: %w", c.name, err)
		}
		err = checkTotal(sys, want)
		if err = errors.Join(err, sys.close()); err != nil {
			return res, fmt.Errorf("%s at %d committers: after reopening: %w", c.name, n, err)
		}
	}
	res.TotalChecked = want
	return res, nil
}

// runCell measures one cell on its own: open, one slice of cfg.warmup and cfg.duration, finish.
func runCell(c contender, dir string, cfg cellConfig) (cellResult, error) {
	cl, err := openCell(c, dir, cfg)
	if err != nil {
		return cellResult{}, err
	}
	if err := cl.slice(cfg.warmup, cfg.duration); err != nil {
		return cellResult{}, err
	}
	return cl.finish()
}

func checkTotal(sys system, want int64) error {
	got, err := sys.total()
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("%w: total %d, want %d (off by %d)", errMoneyNotConserved, got, want, got-want)
	}
	return nil
}

type measurement struct {
	latencies []time.Duration
	window    time.Duration
	err       error // the first transfer that failed
}

const (
	phaseWarmup int32 = iota
	phaseMeasure
	phaseStop
)

// measure runs the committers. A transfer counts when it returns while the phase is
// phaseMeasure; throughput is the count over the window's wall-clock length.
func measure(sys system, cfg cellConfig) measurement {
	if cfg.accounts < 2 {
		return measurement{err: fmt.Errorf("need at least 2 accounts, have %d", cfg.accounts)}
	}
	var (
		phase    atomic.Int32
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
		failed   = make(chan struct{})
		lat      = make([][]time.Duration, cfg.committers)
	)
	for w := range cfg.committers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(cfg.seed, cfg.stream<<32|uint64(w)))
			samples := make([]time.Duration, 0, 4096)
			for phase.Load() != phaseStop {
				from := rng.IntN(cfg.accounts)
				to := rng.IntN(cfg.accounts - 1)
				if to >= from {
					to++ // distinct from from, uniform over the rest
				}
				amount := 1 + rng.Int64N(cfg.maxAmount)
				start := time.Now()
				err := sys.transfer(from, to, amount)
				d := time.Since(start)
				if err != nil {
					errOnce.Do(func() {
						firstErr = fmt.Errorf("transfer %d->%d: %w", from, to, err)
						close(failed)
					})
					return
				}
				if phase.Load() == phaseMeasure {
					samples = append(samples, d)
				}
			}
			lat[w] = samples
		}()
	}

	var m measurement
	if !waitOrFail(cfg.warmup, failed) {
		phase.Store(phaseMeasure)
		t0 := time.Now()
		waitOrFail(cfg.duration, failed)
		phase.Store(phaseStop)
		m.window = time.Since(t0)
	}
	phase.Store(phaseStop)
	wg.Wait()
	if firstErr != nil {
		return measurement{err: firstErr}
	}
	for _, s := range lat {
		m.latencies = append(m.latencies, s...)
	}
	return m
}

// waitOrFail waits for d to pass and reports whether failed closed first.
func waitOrFail(d time.Duration, failed <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return false
	case <-failed:
		return true
	}
}

// percentile returns the nearest-rank p-quantile of sorted, or 0 for no samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
