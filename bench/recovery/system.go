package main

import (
	"encoding/binary"
	"fmt"
	"time"
)

// initialBalance is every account's balance when a store is created, so the conserved total of
// a store with n accounts is n*initialBalance.
const initialBalance int64 = 1_000_000

// A system is one contender: a store of accounts that transfers move money between.
//
// transfer is called from many goroutines at once; each call is one transaction that reads
// both balances, writes both, and returns only once the commit is durable.
type system interface {
	// transfer moves amount from account from to account to (from != to).
	transfer(from, to int, amount int64) error
	// total is the sum of all committed balances.
	total() (int64, error)
	close() error
}

// A batcher is a system that shares syncs between commits and counts them, so the table can
// show how well it batched.
type batcher interface {
	// syncStats returns the commits and syncs since open, and the checkpoints run and the
	// longest commit stall one caused (Warden's stores only).
	syncStats() (commits, syncs, checkpoints int64, longestStall time.Duration)
}

// A contender names a system and says how to open it.
type contender struct {
	name string
	// open opens the store in dir, creating it with accounts accounts of initialBalance each
	// if dir holds none yet.
	open func(dir string, accounts int) (system, error)
	// durable is false for a system whose balances do not survive close (raw keeps them in
	// memory), so the harness checks its total only before closing.
	durable bool
	// optional contenders that fail to open are reported as skipped, with the error as the
	// note, rather than failing the run (the shadow strategy before it exists).
	optional bool
	// about is one line on how the system is configured, printed under the table.
	about string
}

// encodeBalance and decodeBalance are the 8-byte value every system stores per account.
func encodeBalance(v int64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), uint64(v))
}

func decodeBalance(b []byte) (int64, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("balance is %d bytes, want 8", len(b))
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}

// ordered returns a and b smallest first: systems that lock items take them in this order,
// so transfers never deadlock and lock waits are not what is measured.
func ordered(a, b int) (int, int) {
	if a < b {
		return a, b
	}
	return b, a
}
