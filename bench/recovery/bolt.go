package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

var boltBucket = []byte("accounts")

// boltStore is bbolt with its default options (NoSync false: every commit fsyncs). batch
// selects db.Batch, which coalesces concurrent calls into one transaction (up to MaxBatchSize
// calls, waiting up to MaxBatchDelay for more) instead of db.Update per transfer.
type boltStore struct {
	db    *bolt.DB
	batch bool
}

func boltContender(batch bool) contender {
	c := contender{
		name:    "bbolt-update",
		durable: true,
		about:   "bbolt-update: bbolt default options (NoSync false), one db.Update per transfer",
	}
	if batch {
		c.name = "bbolt-batch"
		c.about = "bbolt-batch: bbolt default options, db.Batch per transfer " +
			"(default MaxBatchSize 1000, MaxBatchDelay 10ms)"
	}
	c.open = func(dir string, accounts int) (system, error) {
		return openBolt(filepath.Join(dir, "bolt.db"), accounts, batch)
	}
	return c
}

func openBolt(path string, accounts int, batch bool) (*boltStore, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(boltBucket) != nil {
			return nil
		}
		b, err := tx.CreateBucket(boltBucket)
		if err != nil {
			return err
		}
		for i := 0; i < accounts; i++ {
			if err := b.Put(boltKey(i), encodeBalance(initialBalance)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return &boltStore{db: db, batch: batch}, nil
}

func boltKey(i int) []byte { return binary.BigEndian.AppendUint64(nil, uint64(i)) }

func (s *boltStore) transfer(from, to int, amount int64) error {
	fn := func(tx *bolt.Tx) error {
		// Batch may run fn more than once (when another call in its batch fails), so fn
		// reads afresh every time and keeps no state between runs.
		b := tx.Bucket(boltBucket)
		kf, kt := boltKey(from), boltKey(to)
		vf, err := decodeBalance(b.Get(kf))
		if err != nil {
			return fmt.Errorf("bbolt: account %d: %w", from, err)
		}
		vt, err := decodeBalance(b.Get(kt))
		if err != nil {
			return fmt.Errorf("bbolt: account %d: %w", to, err)
		}
		if err := b.Put(kf, encodeBalance(vf-amount)); err != nil {
			return err
		}
		return b.Put(kt, encodeBalance(vt+amount))
	}
	if s.batch {
		return s.db.Batch(fn)
	}
	return s.db.Update(fn)
}

func (s *boltStore) total() (int64, error) {
	var t int64
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(boltBucket).ForEach(func(k, v []byte) error {
			b, err := decodeBalance(v)
			t += b
			return err
		})
	})
	return t, err
}

func (s *boltStore) close() error { return s.db.Close() }
