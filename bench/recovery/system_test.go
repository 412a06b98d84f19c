package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wardenft/warden/recovery"
)

// testContenders are every system the benchmark measures, in their benchmark configurations,
// by test name.
func testContenders() map[string]contender {
	return map[string]contender{
		"log":            wardenContender(recovery.StrategyLog, 0),
		"shadow":         wardenContender(recovery.StrategyShadow, 0),
		"log-ckpt":       wardenContender(recovery.StrategyLog, time.Millisecond),
		"raw":            rawContender(160, 0),
		"raw-prealloc":   rawContender(160, 1<<20),
		"bbolt-update":   boltContender(false),
		"bbolt-batch":    boltContender(true),
		"sqlite-wal":     sqliteContender(1),
		"sqlite-wal-8cx": sqliteContender(8),
	}
}

// hammer runs goroutines*perGoroutine transfers between few accounts, so that transfers
// collide on the same accounts often.
func hammer(t *testing.T, sys system, accounts, goroutines, perGoroutine int, seed uint64) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(g)))
			for range perGoroutine {
				from := rng.IntN(accounts)
				to := (from + 1 + rng.IntN(accounts-1)) % accounts
				if err := sys.transfer(from, to, 1+rng.Int64N(100)); err != nil {
					errs <- fmt.Errorf("goroutine %d: transfer %d->%d: %w", g, from, to, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestSystemsConserveMoney(t *testing.T) {
	const (
		accounts     = 6
		goroutines   = 8
		perGoroutine = 25
		seed         = 1
	)
	want := int64(accounts) * initialBalance
	for name, c := range testContenders() {
		t.Run(name, func(t *testing.T) {
			t.Logf("seed %d", seed)
			dir := t.TempDir()
			sys, err := c.open(dir, accounts)
			if err != nil && c.optional {
				t.Skipf("%s does not open: %v", c.name, err)
			}
			if err != nil {
				t.Fatal(err)
			}
			hammer(t, sys, accounts, goroutines, perGoroutine, seed)
			if err := checkTotal(sys, want); err != nil {
				t.Fatal(err)
			}
			if err := sys.close(); err != nil {
				t.Fatal(err)
			}
			if !c.durable {
				return
			}
			sys, err = c.open(dir, accounts)
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer sys.close()
			if err := checkTotal(sys, want); err != nil {
				t.Fatalf("after reopening: %v", err)
			}
		})
	}
}

// A store that loses money must fail the run: the check is what makes the table worth reading.
func TestRunCellFailsWhenMoneyIsLost(t *testing.T) {
	leaky := rawContender(64, 0)
	open := leaky.open
	leaky.open = func(dir string, accounts int) (system, error) {
		sys, err := open(dir, accounts)
		if err != nil {
			return nil, err
		}
		r := sys.(*rawLog)
		r.mu.Lock()
		r.balances[2] -= 7 // a real raw log, seven short from the start
		r.mu.Unlock()
		return r, nil
	}
	_, err := runCell(leaky, t.TempDir(), cellConfig{accounts: 4, committers: 2, duration: time.Millisecond, maxAmount: 10})
	if !errors.Is(err, errMoneyNotConserved) {
		t.Fatalf("runCell on a store 7 short: %v, want errMoneyNotConserved", err)
	}
}

func TestRawSyncerReleasesEveryCommitter(t *testing.T) {
	const (
		committers = 64
		each       = 20
		recBytes   = 100
	)
	path := filepath.Join(t.TempDir(), "raw.log")
	r, err := openRaw(path, 2, recBytes, 0)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range committers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				rec := make([]byte, recBytes)
				rec[0], rec[1] = byte(g), byte(i)
				if err := r.commit(rec); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait() // returns only if every commit was released
	if err := r.close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != committers*each*recBytes {
		t.Fatalf("file holds %d bytes, want %d", len(data), committers*each*recBytes)
	}
	seen := make(map[[2]byte]bool)
	for off := 0; off < len(data); off += recBytes {
		seen[[2]byte{data[off], data[off+1]}] = true
	}
	if len(seen) != committers*each {
		t.Fatalf("file holds %d distinct records, want %d", len(seen), committers*each)
	}
	if err := r.transfer(0, 1, 1); err == nil {
		t.Fatal("transfer after close succeeded")
	}
}
