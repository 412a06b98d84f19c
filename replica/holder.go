package replica

import (
	"errors"
	"fmt"
	"time"
)

// HolderConfig configures a log holder.
type HolderConfig struct {
	// ID is the cold member the holder answers for: the primary addresses it by that id.
	ID      string
	GroupID string
	// MaxBufferedMessages: as Config.MaxBufferedMessages.
	MaxBufferedMessages int
}

// DefaultHolderConfig returns the defaults for the holder of cold member id of group.
func DefaultHolderConfig(group, id string) HolderConfig {
	return HolderConfig{ID: id, GroupID: group, MaxBufferedMessages: 256}
}

// Validate reports every invalid field, quoting its value.
func (c HolderConfig) Validate() error {
	var errs []error
	if c.ID == "" {
		errs = append(errs, errors.New("ID: must be set"))
	}
	if c.MaxBufferedMessages < 0 {
		errs = append(errs, fmt.Errorf("MaxBufferedMessages: %d is negative", c.MaxBufferedMessages))
	}
	if len(errs) > 0 {
		return fmt.Errorf("replica: invalid holder config: %w", errors.Join(errs...))
	}
	return nil
}

// HolderState is what a log holder keeps (and what a member restores from): the newest epoch
// it has seen, the latest committed checkpoint it was sent (nil: none yet, the log starts at
// seq 1 on the application's initial state), the entries after it, and the commit point it
// was told (not persisted: a reopened holder knows the checkpoint's seq, which is safe).
type HolderState struct {
	Epoch      uint64
	Checkpoint *Checkpoint
	Entries    []Entry
	Commit     uint64
}

// HolderOpKind is a durable change to a holder's files.
type HolderOpKind uint8

const (
	// OpSetEpoch: store Epoch (the fencing token: it must survive a restart).
	OpSetEpoch HolderOpKind = iota + 1
	// OpSaveCheckpoint: store Checkpoint in place of the previous one and drop the stored
	// entries up to its seq.
	OpSaveCheckpoint
	// OpTruncate: drop the stored entries from Seq on.
	OpTruncate
	// OpAppend: append Entries after the stored ones.
	OpAppend
)

func (k HolderOpKind) String() string {
	return [...]string{"", "set-epoch", "save-checkpoint", "truncate", "append"}[k]
}

// HolderOp is one durable change, in the order Persist lists them.
type HolderOp struct {
	Kind       HolderOpKind
	Epoch      uint64
	Checkpoint *Checkpoint
	Seq        uint64
	Entries    []Entry
}

func (o HolderOp) String() string {
	switch o.Kind {
	case OpSetEpoch:
		return fmt.Sprintf("set-epoch %d", o.Epoch)
	case OpSaveCheckpoint:
		return fmt.Sprintf("save-checkpoint %d@%d state=%s", o.Checkpoint.Seq, o.Checkpoint.Epoch, quoteState(o.Checkpoint.State))
	case OpTruncate:
		return fmt.Sprintf("truncate from %d", o.Seq)
	case OpAppend:
		return fmt.Sprintf("append %d..%d", o.Entries[0].Seq, o.Entries[len(o.Entries)-1].Seq)
	}
	return "?"
}

// HolderReady is what a log holder asks of its driver: make Persist durable, in order, then
// send Msgs (an acknowledgement promises the entries survive the holder's crash), and report
// Faults.
type HolderReady struct {
	Persist []HolderOp
	Msgs    []Message
	Faults  []Fault
}

// LogHolder is the protocol core of what the warden agent keeps for a COLD_PASSIVE backup at its
// location: the latest committed checkpoint of the primary and the log since. To the primary it
// is that backup: it receives Append and Checkpoint messages addressed to the member's id and
// acknowledges once they are durable. When the manager promotes the cold member, the member
// started there restores from it (Restore, or MsgFetch through the Transfer service). Pure and
// not safe for concurrent use, like Replica.
type LogHolder struct {
	cfg     HolderConfig
	epoch   uint64
	primary string
	f       follower
	ckpt    *Checkpoint
	rd      HolderReady
	lastNow time.Time

	divergedEpoch uint64
}

// NewLogHolder returns a holder that starts from what it stored (the zero HolderState for a
// new one). The stored checkpoint is verified and the entries must follow it.
func NewLogHolder(cfg HolderConfig, saved HolderState) (*LogHolder, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	h := &LogHolder{cfg: cfg, epoch: saved.Epoch}
	h.f = follower{maxBuffered: cfg.MaxBufferedMessages, truncated: h.onTruncate, appended: h.onAppend, diverged: h.onDiverged}
	if ck := saved.Checkpoint; ck != nil {
		if err := ck.Verify(); err != nil {
			return nil, fmt.Errorf("replica: stored checkpoint of holder %s: %w", cfg.ID, err)
		}
		h.ckpt = ck
		h.f.log.reset(ck.pos())
		h.f.commit = ck.Seq
	}
	for _, e := range saved.Entries {
		if e.Seq != h.f.log.lastSeq()+1 {
			return nil, fmt.Errorf("replica: stored log of holder %s: entry %d after %d", cfg.ID, e.Seq, h.f.log.lastSeq())
		}
		h.f.log.append(e, time.Time{})
	}
	h.f.commit = max(h.f.commit, min(saved.Commit, h.f.log.lastSeq()))
	return h, nil
}

// Step gives the holder a message addressed to its member id. Errors as Replica.Step.
func (h *LogHolder) Step(m Message, now time.Time) error {
	if now.After(h.lastNow) {
		h.lastNow = now
	}
	if m.To != h.cfg.ID {
		return fmt.Errorf("%w: %s is not for %s", ErrBadMessage, m, h.cfg.ID)
	}
	switch m.Type {
	case MsgAppend, MsgCheckpoint:
		if m.Transfer {
			return fmt.Errorf("%w: a log holder takes no transfer: %s", ErrBadMessage, m)
		}
		if m.Epoch < h.epoch {
			h.send(Message{Type: MsgAck, To: m.From, Stale: true})
			return fmt.Errorf("%w: %s, the holder is at epoch %d", ErrStaleEpoch, m, h.epoch)
		}
		if m.Epoch > h.epoch {
			h.adopt(m.Epoch, m.From)
		} else if h.primary != "" && h.primary != m.From {
			return fmt.Errorf("%w: %s from a second primary of epoch %d (primary %s)", ErrBadMessage, m, h.epoch, h.primary)
		}
		h.primary = m.From
		if m.Type == MsgCheckpoint {
			ck := m.Checkpoint
			if ck == nil {
				return fmt.Errorf("%w: %s without checkpoint", ErrBadMessage, m)
			}
			if err := ck.Verify(); err != nil {
				h.rd.Faults = append(h.rd.Faults, Fault{Kind: ValueFault, Member: m.From, Epoch: h.epoch, At: now, Detail: err.Error()})
				return err
			}
			if ck.Seq > h.f.log.base.Seq {
				compacted := h.f.installCheckpoint(ck)
				h.ckpt = ck
				h.rd.Persist = append(h.rd.Persist, HolderOp{Kind: OpSaveCheckpoint, Checkpoint: ck})
				if !compacted {
					h.rd.Persist = append(h.rd.Persist, HolderOp{Kind: OpTruncate, Seq: ck.Seq + 1})
				}
			}
			h.f.matched = max(h.f.matched, ck.Seq)
			h.send(Message{Type: MsgAck, To: m.From, Match: h.f.matched, Commit: h.f.commit})
			return nil
		}
		if err := checkEntries(m); err != nil {
			return err
		}
		if a := h.f.handleAppend(m); a.send {
			h.send(Message{Type: MsgAck, To: m.From, Match: h.f.matched, Reject: a.reject, LastSeq: a.lastSeq, Commit: h.f.commit})
		}
		return nil
	case MsgFetch:
		st, err := h.Restore(m.Epoch, now)
		if err != nil {
			return err
		}
		if ck := st.Checkpoint; ck != nil {
			h.send(Message{Type: MsgCheckpoint, To: m.From, Transfer: true, Checkpoint: ck, Commit: st.Commit})
		}
		if n := len(st.Entries); n > 0 {
			prev := h.f.log.base
			h.send(Message{Type: MsgAppend, To: m.From, Transfer: true, PrevSeq: prev.Seq, PrevEpoch: prev.Epoch, Entries: st.Entries, Commit: st.Commit})
		}
		h.send(Message{Type: MsgDone, To: m.From, Transfer: true, Commit: st.Commit})
		return nil
	}
	return nil // acks and transfers are not for a holder
}

// Restore fences the holder at epoch (it refuses the entries of older epochs from now on: the
// old primary can no longer get an update acknowledged here that the restored member lacks)
// and returns what it holds, for the member started at this location to roll forward from
// (Replica.Restore). ErrStaleEpoch if the holder has seen a newer epoch than epoch. The driver
// makes the resulting OpSetEpoch durable before it hands the state over.
func (h *LogHolder) Restore(epoch uint64, now time.Time) (HolderState, error) {
	if now.After(h.lastNow) {
		h.lastNow = now
	}
	if epoch < h.epoch {
		return HolderState{}, fmt.Errorf("%w: restore for epoch %d, the holder has seen epoch %d", ErrStaleEpoch, epoch, h.epoch)
	}
	if epoch > h.epoch {
		h.adopt(epoch, "")
	}
	return h.State(), nil
}

// State returns what the holder holds, without fencing.
func (h *LogHolder) State() HolderState {
	st := HolderState{Epoch: h.epoch, Commit: h.f.commit}
	if h.ckpt != nil {
		c := *h.ckpt
		st.Checkpoint = &c
	}
	if n := h.f.log.lastSeq(); n > h.f.log.base.Seq {
		st.Entries = h.f.log.slice(h.f.log.base.Seq+1, n)
	}
	return st
}

// HasReady reports whether Ready has anything for the driver.
func (h *LogHolder) HasReady() bool {
	return len(h.rd.Persist) > 0 || len(h.rd.Msgs) > 0 || len(h.rd.Faults) > 0
}

// Ready returns what the driver must do now and clears it.
func (h *LogHolder) Ready() HolderReady {
	rd := h.rd
	h.rd = HolderReady{}
	return rd
}

func (h *LogHolder) adopt(e uint64, primary string) {
	h.epoch, h.primary = e, primary
	h.f.newEpoch()
	h.rd.Persist = append(h.rd.Persist, HolderOp{Kind: OpSetEpoch, Epoch: e})
}

func (h *LogHolder) onTruncate(seq uint64) {
	h.rd.Persist = append(h.rd.Persist, HolderOp{Kind: OpTruncate, Seq: seq})
}

func (h *LogHolder) onAppend(e Entry) {
	if n := len(h.rd.Persist); n > 0 && h.rd.Persist[n-1].Kind == OpAppend {
		h.rd.Persist[n-1].Entries = append(h.rd.Persist[n-1].Entries, e)
		return
	}
	h.rd.Persist = append(h.rd.Persist, HolderOp{Kind: OpAppend, Entries: []Entry{e}})
}

func (h *LogHolder) onDiverged(detail string) {
	if h.divergedEpoch == h.epoch {
		return
	}
	h.divergedEpoch = h.epoch
	h.rd.Faults = append(h.rd.Faults, Fault{Kind: ValueFault, Member: h.primary, Epoch: h.epoch, At: h.lastNow,
		Detail: "logs diverge below the commit point (a member without every committed entry was made primary): " + detail})
}

func (h *LogHolder) send(m Message) {
	m.From = h.cfg.ID
	m.Epoch = h.epoch
	h.rd.Msgs = append(h.rd.Msgs, m)
}
