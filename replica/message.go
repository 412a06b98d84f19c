package replica

import (
	"fmt"
	"strings"
)

// MsgType is the kind of a protocol message.
type MsgType uint8

const (
	// MsgAppend: primary to backup (or log holder): entries after (PrevSeq, PrevEpoch) and
	// the commit point. No entries: a heartbeat or a probe.
	MsgAppend MsgType = iota + 1
	// MsgCheckpoint: primary to backup: install Checkpoint (catch-up of a backup behind the
	// primary's log; every committed checkpoint to a cold backup's log holder).
	MsgCheckpoint
	// MsgAck: backup to primary, the answer to MsgAppend and MsgCheckpoint: Match, or Stale
	// (refused: older epoch) or Reject (the log lacks PrevSeq/PrevEpoch; LastSeq is where it
	// ends).
	MsgAck
	// MsgFetch: joining member to the primary (or to a log holder): "transfer me your state".
	// The answer is a MsgCheckpoint (if needed), MsgAppends and a MsgDone, all with Transfer
	// set.
	MsgFetch
	// MsgDone: the last message of a transfer; Commit is the sender's commit point.
	MsgDone
)

var msgTypeNames = [...]string{"", "append", "checkpoint", "ack", "fetch", "done"}

func (t MsgType) String() string {
	if int(t) < len(msgTypeNames) && t != 0 {
		return msgTypeNames[t]
	}
	return fmt.Sprintf("MsgType(%d)", uint8(t))
}

// A Message travels between members (and log holders). The core never modifies a message's
// slices after it handed the message out, and never modifies those of messages it is given.
type Message struct {
	Type     MsgType
	From, To string
	// Epoch is the sender's epoch: its view's, or a newer one it learned from a message.
	Epoch uint64
	// Transfer marks the messages of a state transfer (the answer to MsgFetch): they travel
	// on the Transfer stream, not Replicate, and are never acknowledged.
	Transfer bool

	// MsgAppend.
	PrevSeq, PrevEpoch uint64
	Entries            []Entry
	// MsgAppend, MsgCheckpoint, MsgDone, MsgAck: the sender's commit point.
	Commit uint64

	// MsgCheckpoint.
	Checkpoint *Checkpoint

	// MsgAck.
	Match   uint64
	Stale   bool
	Reject  bool
	LastSeq uint64
}

// quoteState quotes a checkpoint's state for messages and errors: whole when short (the
// scripts' states), else its first bytes and its length, so that an error about a refused
// checkpoint does not carry megabytes of state.
func quoteState(state []byte) string {
	const max = 32
	if len(state) <= max {
		return fmt.Sprintf("%q", state)
	}
	return fmt.Sprintf("%q...(%d bytes)", state[:max], len(state))
}

func (m Message) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s->%s %s e%d", m.From, m.To, m.Type, m.Epoch)
	if m.Transfer {
		b.WriteString(" transfer")
	}
	switch m.Type {
	case MsgAppend:
		fmt.Fprintf(&b, " prev=%d@%d [", m.PrevSeq, m.PrevEpoch)
		for i, e := range m.Entries {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%d@%d", e.Seq, e.Epoch)
			if !e.Request.IsZero() {
				fmt.Fprintf(&b, ":%s", e.Request)
			}
		}
		fmt.Fprintf(&b, "] commit=%d", m.Commit)
	case MsgCheckpoint:
		if c := m.Checkpoint; c != nil {
			fmt.Fprintf(&b, " ckpt=%d@%d state=%s replies=%d", c.Seq, c.Epoch, quoteState(c.State), len(c.Replies))
		}
		fmt.Fprintf(&b, " commit=%d", m.Commit)
	case MsgAck:
		switch {
		case m.Stale:
			b.WriteString(" stale")
		case m.Reject:
			fmt.Fprintf(&b, " reject last=%d", m.LastSeq)
		default:
			fmt.Fprintf(&b, " match=%d", m.Match)
		}
		if !m.Stale {
			fmt.Fprintf(&b, " commit=%d", m.Commit)
		}
	case MsgDone:
		fmt.Fprintf(&b, " commit=%d", m.Commit)
	}
	return b.String()
}
