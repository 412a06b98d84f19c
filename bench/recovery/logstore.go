package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/wardenft/warden/recovery"
)

// wardenStore is Warden's recovery store with one strategy. Accounts are items "acct/<n>".
type wardenStore struct {
	s    *recovery.Store
	keys []string
	// With -checkpoint-every, a goroutine checkpoints on a ticker until close.
	stop    chan struct{}
	stopped chan struct{}
}

// wardenOptions are the store's defaults with automatic checkpoints as configured and the
// logger silenced (its open report would interleave with the table).
func wardenOptions(strategy recovery.Strategy, checkpoints bool) recovery.Options {
	opts := recovery.DefaultOptions()
	opts.Strategy = strategy
	opts.Logger = slog.New(slog.DiscardHandler)
	if !checkpoints {
		opts.CheckpointMultiple = 0
	}
	return opts
}

func wardenContender(strategy recovery.Strategy, checkpointEvery time.Duration) contender {
	name := "log"
	if strategy == recovery.StrategyShadow {
		name = "shadow"
	}
	d := recovery.DefaultOptions()
	return contender{
		name:     name,
		durable:  true,
		optional: strategy == recovery.StrategyShadow,
		about: fmt.Sprintf("%s: Warden recovery store, strategy %v, default options (group commit up to %d per sync, "+
			"automatic checkpoint past %gx live data, log file preallocated in zero-filled %d MiB steps); per transfer: "+
			"read both balances with GetForUpdate (exclusive locks, in account order), Put both, Commit%s", name, strategy, d.MaxBatchOps, d.CheckpointMultiple, d.PreallocateBytes>>20, everyNote(checkpointEvery)),
		open: func(dir string, accounts int) (system, error) {
			w, err := openWarden(dir, accounts, wardenOptions(strategy, true))
			if err == nil && checkpointEvery > 0 {
				w.checkpointEvery(checkpointEvery)
			}
			return w, err
		},
	}
}

func accountKey(i int) string { return "acct/" + strconv.Itoa(i) }

func openWarden(dir string, accounts int, opts recovery.Options) (*wardenStore, error) {
	s, err := recovery.Open(dir, opts)
	if err != nil {
		return nil, err
	}
	w := &wardenStore{s: s, keys: make([]string, accounts)}
	for i := range w.keys {
		w.keys[i] = accountKey(i)
	}
	if _, ok := s.Get(w.keys[0]); ok {
		return w, nil
	}
	tx := s.Begin()
	for _, k := range w.keys {
		if err := tx.Put(context.Background(), k, encodeBalance(initialBalance)); err != nil {
			return nil, errors.Join(err, tx.Abort(), s.Close())
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return w, nil
}

func everyNote(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return fmt.Sprintf("; plus a checkpoint every %v while it runs (-checkpoint-every)", d)
}

// checkpointEvery runs Store.Checkpoint every d until close: commits must keep flowing through
// it, and the table shows the longest stall it caused.
func (w *wardenStore) checkpointEvery(d time.Duration) {
	w.stop, w.stopped = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(w.stopped)
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
				if _, err := w.s.Checkpoint(); err != nil {
					return
				}
			}
		}
	}()
}

// transfer reads both balances with GetForUpdate, which takes the exclusive locks at the read,
// in account order. (Get would take shared locks that the Puts must upgrade; two transfers that
// read one account both wait for the other's shared lock to go, an upgrade deadlock that ends
// only at LockTimeout.)
func (w *wardenStore) transfer(from, to int, amount int64) error {
	ctx := context.Background()
	tx := w.s.Begin()
	lo, hi := ordered(from, to)
	bal := map[int]int64{}
	for _, i := range [2]int{lo, hi} {
		v, ok, err := tx.GetForUpdate(ctx, w.keys[i])
		if err == nil && !ok {
			err = fmt.Errorf("account %d missing", i)
		}
		if err != nil {
			return errors.Join(err, tx.Abort())
		}
		if bal[i], err = decodeBalance(v); err != nil {
			return errors.Join(err, tx.Abort())
		}
	}
	bf, bt := bal[from], bal[to]
	if err := tx.Put(ctx, w.keys[from], encodeBalance(bf-amount)); err != nil {
		return errors.Join(err, tx.Abort())
	}
	if err := tx.Put(ctx, w.keys[to], encodeBalance(bt+amount)); err != nil {
		return errors.Join(err, tx.Abort())
	}
	return tx.Commit()
}

func (w *wardenStore) balance(i int) (int64, error) {
	v, ok := w.s.Get(w.keys[i])
	if !ok {
		return 0, fmt.Errorf("account %d missing", i)
	}
	return decodeBalance(v)
}

func (w *wardenStore) total() (int64, error) {
	var t int64
	for i := range w.keys {
		b, err := w.balance(i)
		if err != nil {
			return 0, err
		}
		t += b
	}
	return t, nil
}

func (w *wardenStore) close() error {
	if w.stop != nil {
		close(w.stop)
		<-w.stopped
	}
	return w.s.Close()
}

func (w *wardenStore) syncStats() (commits, syncs, checkpoints int64, longestStall time.Duration) {
	st := w.s.Stats()
	return st.Commits, st.Syncs, st.Checkpoints, st.LongestCheckpointStall
}
