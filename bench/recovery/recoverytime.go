package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wardenft/warden/recovery"
)

// measureTransferBytes is how many bytes one transfer transaction adds to a log store's
// recovery file: the mean over sequential transfers on a fresh store, each its own sync.
func measureTransferBytes(dir string, accounts int) (int, error) {
	const transfers = 64
	w, err := openWarden(dir, accounts, wardenOptions(recovery.StrategyLog, false))
	if err != nil {
		return 0, err
	}
	before := w.s.Stats().FileBytes
	for i := range transfers {
		if err := w.transfer(i%accounts, (i+1)%accounts, 1); err != nil {
			return 0, errors.Join(err, w.close())
		}
	}
	after := w.s.Stats().FileBytes
	if err := w.close(); err != nil {
		return 0, err
	}
	n := int((after - before) / transfers)
	if n <= 0 {
		return 0, fmt.Errorf("log file grew by %d bytes over %d transfers", after-before, transfers)
	}
	return n, nil
}

type recoveryConfig struct {
	fileBytes  int64 // build until the recovery file is at least this big
	valueBytes int
	committers int
	repeats    int
	seed       uint64
}

// measureRecovery builds a log store in dir whose recovery file reaches cfg.fileBytes, closes
// it, and times recovery.Open against read+CRC32C of the same files. Both run in the same page
// cache state: the files are read once to warm the cache, then each pass runs cfg.repeats
// times, alternating, and the medians are reported.
func measureRecovery(dir string, cfg recoveryConfig, progress func(string)) (*recoveryResult, error) {
	res := &recoveryResult{ValueBytes: cfg.valueBytes, BuildCommitters: cfg.committers, Repeats: cfg.repeats}
	opts := wardenOptions(recovery.StrategyLog, false) // no checkpoint may shrink the file
	start := time.Now()
	if err := buildRecoveryFile(dir, cfg, opts); err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	res.BuildSeconds = time.Since(start).Seconds()
	paths, size, err := regularFiles(dir)
	if err != nil {
		return nil, err
	}
	res.BuildMBps = float64(size) / 1e6 / res.BuildSeconds
	res.Files = paths
	progress(fmt.Sprintf("recovery: built %d MiB in %.1fs; timing Open and read+CRC32C", size>>20, res.BuildSeconds))

	if _, _, err := readCRC(paths); err != nil { // warm the page cache
		return nil, err
	}
	res.CacheState = fmt.Sprintf("warm (files read once first); median of %d alternating runs of each pass", cfg.repeats)
	var opens, replays, reads []time.Duration
	for range cfg.repeats {
		t0 := time.Now()
		s, err := recovery.Open(dir, opts)
		if err != nil {
			return nil, fmt.Errorf("open: %w", err)
		}
		opens = append(opens, time.Since(t0))
		rep := s.Recovery()
		replays = append(replays, rep.Duration)
		res.Records, res.Items = rep.Records, rep.Items
		if rep.TruncatedAt >= 0 {
			return nil, errors.Join(fmt.Errorf("recovery truncated a clean file: %v", rep), s.Close())
		}
		if err := s.Close(); err != nil {
			return nil, err
		}
		t0 = time.Now()
		n, _, err := readCRC(paths)
		if err != nil {
			return nil, err
		}
		reads = append(reads, time.Since(t0))
		res.FileBytes = n
	}
	mb := float64(res.FileBytes) / 1e6
	res.OpenSeconds = median(opens).Seconds()
	res.ReplaySeconds = median(replays).Seconds()
	res.ReadCRCSeconds = median(reads).Seconds()
	res.OpenMBps = mb / res.OpenSeconds
	res.ReplayMBps = mb / res.ReplaySeconds
	res.ReadCRCMBps = mb / res.ReadCRCSeconds
	res.Ratio = res.OpenMBps / res.ReadCRCMBps
	return res, nil
}

// buildRecoveryFile fills a log store with large values from many committers, so that group
// commit makes it quick. The key space holds a quarter of the target, so the file ends up with
// about four versions of every item, as a file due for a checkpoint at the default multiple.
func buildRecoveryFile(dir string, cfg recoveryConfig, opts recovery.Options) error {
	s, err := recovery.Open(dir, opts)
	if err != nil {
		return err
	}
	keys := max(1, int(cfg.fileBytes/int64(cfg.valueBytes)/4))
	pool := make([]byte, 1<<20+cfg.valueBytes)
	rng := rand.New(rand.NewPCG(cfg.seed, 0))
	for i := range pool {
		pool[i] = byte(rng.Uint32())
	}
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
		done    atomic.Bool
	)
	for range cfg.committers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				n := next.Add(1)
				v := make([]byte, cfg.valueBytes) // the store keeps it
				off := int(n*7919) % (len(pool) - cfg.valueBytes)
				copy(v, pool[off:])
				tx := s.Begin()
				err := tx.Put(context.Background(), fmt.Sprintf("blob/%06d", n%int64(keys)), v)
				if err == nil {
					err = tx.Commit()
				} else {
					err = errors.Join(err, tx.Abort())
				}
				if err != nil {
					errOnce.Do(func() { first = err })
					done.Store(true)
					return
				}
				if s.Stats().FileBytes >= cfg.fileBytes {
					done.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(first, s.Close())
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// recoveryDir is where the recovery file is built, beside the cells' directories.
func recoveryDir(root string) string { return filepath.Join(root, "recovery-file") }
