package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/wardenft/warden/recovery"
)

// wardenStore is Warden's recovery store with one strategy. Accounts are items "acct/<n>".
type wardenStore struct {
	s    *recovery.Store
	keys []string
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

func wardenContender(strategy recovery.Strategy) contender {
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
			"automatic checkpoint past %gx live data); per transfer: Put both (exclusive locks, in account order), "+
			"read both committed balances, Put both, Commit", name, strategy, d.MaxBatchOps, d.CheckpointMultiple),
		open: func(dir string, accounts int) (system, error) {
			return openWarden(dir, accounts, wardenOptions(strategy, true))
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

// transfer takes both exclusive locks first, in account order, and only then reads. Tx.Get
// takes a shared lock that a later Put must upgrade, and two transfers that both read an
// account before writing it would each wait for the other's shared lock to go: an upgrade
// deadlock that ends only at LockTimeout, which would be measured instead of commits. Under the
// exclusive lock the committed value (Store.Get) is the value this transaction reads: no other
// transaction can commit the item while the lock is held.
func (w *wardenStore) transfer(from, to int, amount int64) error {
	ctx := context.Background()
	tx := w.s.Begin()
	lo, hi := ordered(from, to)
	for _, i := range [2]int{lo, hi} {
		if err := tx.Put(ctx, w.keys[i], nil); err != nil {
			return errors.Join(err, tx.Abort())
		}
	}
	bf, err := w.balance(from)
	if err != nil {
		return errors.Join(err, tx.Abort())
	}
	bt, err := w.balance(to)
	if err != nil {
		return errors.Join(err, tx.Abort())
	}
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

func (w *wardenStore) close() error { return w.s.Close() }

func (w *wardenStore) syncStats() (commits, syncs, checkpoints int64) {
	st := w.s.Stats()
	return st.Commits, st.Syncs, st.Checkpoints
}
