package replica

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// follower is the receiving side of Replicate, shared by a backup (Replica) and a log holder
// (LogHolder): the log matching rule, duplicates, out-of-order buffering, and the commit point
// as the primary of the current epoch told it.
type follower struct {
	log entryLog
	// matched: entries up to here are known to agree with the log of the current epoch's
	// primary. Reset when the epoch changes.
	matched uint64
	// commit: every entry up to here is committed (held by every backup of some primary's
	// view); it never decreases, except when a manager mistake breaks the protocol (see
	// diverged).
	commit uint64
	// buffered: Append messages of the current epoch that arrived ahead of a gap, by PrevSeq.
	buffered    map[uint64]Message
	maxBuffered int

	// Hooks of the owner, called as the log changes.
	truncated func(seq uint64) // entries from seq on were dropped
	appended  func(e Entry)    // e was appended
	diverged  func(detail string)
}

// answer is the follower's response to an Append: an ack, a reject, or nothing (buffered).
type answer struct {
	send    bool
	reject  bool
	lastSeq uint64
}

// newEpoch forgets what was matched with the previous epoch's primary.
func (f *follower) newEpoch() {
	f.matched = 0
	f.buffered = nil
}

// handleAppend applies m (of the current epoch, from its primary, its entries checked with
// checkEntries) to the log.
func (f *follower) handleAppend(m Message) answer {
	if m.PrevSeq > f.log.lastSeq() {
		if len(m.Entries) == 0 {
			// A probe or heartbeat past our end: say where the log ends.
			return answer{send: true, reject: true, lastSeq: f.log.lastSeq()}
		}
		// Ahead of a gap: keep it until the gap fills (the primary resends what was lost).
		if len(f.buffered) < f.maxBuffered {
			if f.buffered == nil {
				f.buffered = map[uint64]Message{}
			}
			if old, ok := f.buffered[m.PrevSeq]; !ok || len(old.Entries) < len(m.Entries) {
				f.buffered[m.PrevSeq] = m
			}
		}
		return answer{}
	}
	if ok, hint := f.accept(m); !ok {
		return answer{send: true, reject: true, lastSeq: hint}
	}
	f.drain()
	return answer{send: true}
}

// drain accepts the buffered messages that the log now reaches. One pass in seq order is
// enough: each accepted message extends the log before the next key is compared with its
// end, and the first key beyond the end stops it (nothing after it can be reached either).
func (f *follower) drain() {
	if len(f.buffered) == 0 {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(f.buffered)) {
		if k > f.log.lastSeq() {
			return
		}
		m := f.buffered[k]
		delete(f.buffered, k)
		if m.PrevSeq+uint64(len(m.Entries)) <= f.matched {
			continue // everything in it is already matched: a duplicate
		}
		f.accept(m)
	}
}

// accept applies the log matching rule: the log must hold (PrevSeq, PrevEpoch); then entries
// already present are skipped, a conflicting one (same seq, other epoch) truncates the log
// there, and the rest are appended. It returns false and where to resend from when the log
// lacks the previous entry.
func (f *follower) accept(m Message) (bool, uint64) {
	prev := Pos{Seq: m.PrevSeq, Epoch: m.PrevEpoch}
	ents := m.Entries
	if prev.Seq < f.log.base.Seq {
		// The checkpoint covers the start: it is committed, so those entries agree; skip them.
		skip := f.log.base.Seq - prev.Seq
		if skip > uint64(len(ents)) {
			f.matched = max(f.matched, prev.Seq+uint64(len(ents)))
			return true, 0
		}
		if at := ents[skip-1]; at.Epoch != f.log.base.Epoch {
			f.diverged(fmt.Sprintf("the primary's entry %v differs from this member's committed checkpoint %v", at.pos(), f.log.base))
			return false, 0
		}
		prev, ents = ents[skip-1].pos(), ents[skip:]
	}
	if !f.log.has(prev) {
		return false, f.log.conflictHint(prev.Seq)
	}
	for i, e := range ents {
		if ep, ok := f.log.epochAt(e.Seq); ok {
			if ep == e.Epoch {
				continue // a duplicate
			}
			if e.Seq <= f.commit {
				f.diverged(fmt.Sprintf("committed entry %d@%d is replaced by %v", e.Seq, ep, e.pos()))
				f.commit = e.Seq - 1
			}
			f.log.truncateFrom(e.Seq)
			f.truncated(e.Seq)
		}
		for _, e := range ents[i:] {
			f.log.append(e, time.Time{})
			f.appended(e)
		}
		break
	}
	f.matched = max(f.matched, prev.Seq+uint64(len(ents)))
	f.commit = max(f.commit, min(m.Commit, f.matched))
	return true, 0
}

// installCheckpoint makes ck the log's base. It says how a checkpoint newer than the log's base fits: when the log holds the
// entry it covers, the entries after it stay (compact); otherwise the log restarts at it.
func (f *follower) installCheckpoint(ck *Checkpoint) (compacted bool) {
	if f.log.has(ck.pos()) {
		f.log.compact(ck.pos())
		compacted = true
	} else {
		f.log.reset(ck.pos())
		// What was matched beyond the checkpoint is gone with the log.
		f.matched = min(f.matched, ck.Seq)
	}
	f.commit = max(f.commit, ck.Seq)
	return compacted
}

// checkEntries rejects an Append whose entries are not consecutive after PrevSeq.
func checkEntries(m Message) error {
	for i, e := range m.Entries {
		if e.Seq != m.PrevSeq+1+uint64(i) {
			return fmt.Errorf("%w: %s: entry %d has seq %d, want %d", ErrBadMessage, m, i, e.Seq, m.PrevSeq+1+uint64(i))
		}
		if e.Epoch > m.Epoch {
			return fmt.Errorf("%w: %s: entry %d has epoch %d, newer than the message", ErrBadMessage, m, e.Seq, e.Epoch)
		}
	}
	return nil
}
