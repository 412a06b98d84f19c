package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// rawLog is the device's ceiling: no locks held across the sync, no index, no reads from disk.
// A committer builds a record of recordBytes (the size the log store writes for one transfer),
// hands it to the single syncer goroutine and waits. The syncer takes everything that is
// waiting, writes it with one pwrite, calls fdatasync once and releases every committer in the
// batch: ideal group commit. Balances live in memory only, so money is conserved by the mutex,
// not recovered from the file.
type rawLog struct {
	f           *os.File
	recordBytes int
	commits     chan *rawCommit
	syncerDone  chan struct{}

	mu       sync.Mutex
	balances []int64

	// gate is held shared by committers while they send and exclusively by close, so that no
	// send races with closing the channel.
	gate   sync.RWMutex
	closed bool

	commitCount, syncCount atomic.Int64
}

type rawCommit struct {
	record []byte
	done   chan error // buffered: the syncer never blocks on a committer
}

// rawCommitQueue bounds how many records can wait for the syncer; committers beyond it block
// in send, which is harmless as long as it exceeds the number of committers measured.
const rawCommitQueue = 4096

// rawPreallocBytes is how far ahead raw-prealloc writes zeros, as the log store does in 8 MiB
// steps; one step covers a default cell (records past it are appended).
const rawPreallocBytes = 64 << 20

func openRaw(path string, accounts, recordBytes int, prealloc int64) (*rawLog, error) {
	if recordBytes < 32 {
		return nil, fmt.Errorf("raw: record of %d bytes cannot hold a transfer (need 32)", recordBytes)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	if prealloc > 0 {
		zeros := make([]byte, 1<<20)
		for off := int64(0); off < prealloc; off += int64(len(zeros)) {
			if _, err := f.WriteAt(zeros, off); err != nil {
				return nil, errors.Join(err, f.Close())
			}
		}
		if err := fdatasync(f); err != nil {
			return nil, errors.Join(err, f.Close())
		}
	}
	r := &rawLog{
		f:           f,
		recordBytes: recordBytes,
		commits:     make(chan *rawCommit, rawCommitQueue),
		syncerDone:  make(chan struct{}),
		balances:    make([]int64, accounts),
	}
	for i := range r.balances {
		r.balances[i] = initialBalance
	}
	go r.syncer()
	return r, nil
}

// rawContender opens raw logs whose records are recordBytes long. With prealloc the file is
// zero-filled ahead and the records overwrite the zeros (what the log store does), so no
// fdatasync has to journal a new file size; without it they are appended (the ceiling).
func rawContender(recordBytes int, prealloc int64) contender {
	name, how := "raw", "appended"
	if prealloc > 0 {
		name, how = "raw-prealloc", fmt.Sprintf("written over %d MiB of zeros written and synced ahead", prealloc>>20)
	}
	return contender{
		name: name,
		open: func(dir string, accounts int) (system, error) {
			return openRaw(filepath.Join(dir, name+".log"), accounts, recordBytes, prealloc)
		},
		about: fmt.Sprintf("%s: %d-byte records (a log transfer's bytes) %s by one syncer goroutine: "+
			"drain all waiting, one pwrite, one fdatasync, release all", name, recordBytes, how),
	}
}

func (r *rawLog) transfer(from, to int, amount int64) error {
	rec := make([]byte, r.recordBytes)
	r.gate.RLock()
	defer r.gate.RUnlock()
	if r.closed {
		return errors.New("raw: closed")
	}
	r.mu.Lock()
	r.balances[from] -= amount
	r.balances[to] += amount
	binary.LittleEndian.PutUint64(rec[0:], uint64(from))
	binary.LittleEndian.PutUint64(rec[8:], uint64(r.balances[from]))
	binary.LittleEndian.PutUint64(rec[16:], uint64(to))
	binary.LittleEndian.PutUint64(rec[24:], uint64(r.balances[to]))
	r.mu.Unlock()
	return r.commit(rec)
}

// commit hands one record to the syncer and returns once it is durable. The caller holds gate
// shared.
func (r *rawLog) commit(rec []byte) error {
	c := &rawCommit{record: rec, done: make(chan error, 1)}
	r.commits <- c
	return <-c.done
}

func (r *rawLog) syncer() {
	defer close(r.syncerDone)
	var (
		batch []*rawCommit
		buf   []byte
		off   int64
		err   error // sticky: after a failed write or sync nothing more is acknowledged
	)
	for c := range r.commits {
		batch = append(batch[:0], c)
	drain:
		for {
			select {
			case c, ok := <-r.commits:
				if !ok {
					break drain
				}
				batch = append(batch, c)
			default:
				break drain
			}
		}
		buf = buf[:0]
		for _, c := range batch {
			buf = append(buf, c.record...)
		}
		if err == nil {
			_, err = r.f.WriteAt(buf, off)
			off += int64(len(buf))
		}
		if err == nil {
			err = fdatasync(r.f)
		}
		if err == nil {
			r.syncCount.Add(1)
			r.commitCount.Add(int64(len(batch)))
		}
		for _, c := range batch {
			c.done <- err
		}
	}
}

func (r *rawLog) total() (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var t int64
	for _, b := range r.balances {
		t += b
	}
	return t, nil
}

// close waits for committers in flight, stops the syncer and closes the file. A transfer that
// starts after close fails.
func (r *rawLog) close() error {
	r.gate.Lock()
	if r.closed {
		r.gate.Unlock()
		return nil
	}
	r.closed = true
	close(r.commits)
	r.gate.Unlock()
	<-r.syncerDone
	return r.f.Close()
}

func (r *rawLog) syncStats() (commits, syncs, checkpoints int64, longestStall time.Duration) {
	return r.commitCount.Load(), r.syncCount.Load(), 0, 0
}
