package replica

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrAbandoned is the Reply.Err of calls that waited for a first execution that the driver
// abandoned before running it (Abandon): nothing was executed. The driver answers it as
// NOT_READY, so that the client retries with the same request id.
var ErrAbandoned = errors.New("replica: the first execution of this request was abandoned")

// Replica is the protocol core of one member of a passive group: a pure state machine in the
// etcd-raft style. It does no I/O, starts no goroutine and reads no clock: every input carries
// the time, and the outputs are collected with Ready. It is not safe for concurrent use: the
// driver serialises every call. See the package doc for the protocol and the driver's duties.
type Replica struct {
	cfg Config

	view    View
	epoch   uint64 // max of the view's epoch and the epochs learned from messages
	primary string // the primary of epoch, as far as known
	role    Role
	// term counts the times this member became or stopped being primary: a ticket from an
	// earlier term is not executed on the log it was admitted on.
	term uint64

	leaseUntil time.Time

	f        follower
	stable   Checkpoint  // the latest committed checkpoint: the log's base
	hasBase  bool        // stable holds a state (the initial checkpoint was taken, or one installed)
	pending  *Checkpoint // a checkpoint taken past the commit point, until it is committed
	applied  uint64      // the state includes every entry up to here once the driver handled Ready
	advanced uint64      // ... and up to here it already does (Advance)
	cache    replyCache

	// Primary only.
	order     []string // the backups, in view order
	progress  map[string]*progress
	executing map[RequestID]struct{}
	awaiting  map[RequestID]struct{}

	lastCheckpointAt time.Time
	wantCheckpoint   bool
	caughtUp         bool   // a transfer was received whole and applied
	fetchFrom        string // the member a transfer is expected from (Fetch), until its MsgDone
	divergedEpoch    uint64

	appendsDue bool   // entries were executed from appendFrom on: Ready sends them to the backups
	appendFrom uint64 // ... whose next seq is at or past it

	rd       Ready
	lastSoft SoftState
	lastNow  time.Time // the latest time an input carried
}

// progress is what the primary knows of one backup.
type progress struct {
	match       uint64    // the backup's log agrees with ours up to here
	next        uint64    // the next seq to send
	held        uint64    // the backup's log ends here, by its latest reject: resend and window start here, not at match
	lastSent    time.Time // when anything was last sent to it
	commitKnown uint64    // the commit point it says it knows
	catchUpTo   uint64    // the primary's last seq when it started tracking this backup ...
	graceUntil  time.Time // ... which the backup may take until this to acknowledge
	reported    bool      // an omission fault was reported in this epoch
	caughtUp    bool      // reported in Ready.CaughtUp
	probing     bool      // no answer in this epoch yet: retransmissions are probes
	ckptSent    uint64    // the checkpoint last sent to catch it up ...
	ckptSentAt  time.Time // ... and when: it is not sent again before CatchUpTimeout
	inflight    []uint64  // the last seq of each Append with entries sent and not acknowledged
	cold        bool
}

// New returns the core of a fresh member: empty log, the application's initial state. Its
// first Ready asks for the checkpoint of that initial state (TakeCheckpoint at seq 0), which
// the member rolls back to if it ever must.
func New(cfg Config) (*Replica, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Replica{cfg: cfg, cache: newReplyCache(), wantCheckpoint: true}
	r.f = follower{maxBuffered: cfg.MaxBufferedMessages, truncated: r.onTruncate, appended: func(Entry) {}, diverged: r.onDiverged}
	r.lastSoft = r.softState(time.Time{})
	return r, nil
}

// ---------------------------------------------------------------------------------------------
// Inputs from the manager.

// SetView gives the core a view from the manager. Views older than (or as old as) the one it
// has are ignored. A view of a newer epoch deposes a primary that it does not name; a view that
// names this member primary promotes it: it applies its whole log, then serves (once it holds
// a lease).
func (r *Replica) SetView(v View, now time.Time) {
	if r.view.Version != 0 && v.Version <= r.view.Version {
		return
	}
	old := r.view
	r.view = v
	switch {
	case v.Epoch > r.epoch:
		r.adoptEpoch(v.Epoch, v.Primary)
	case v.Epoch == r.epoch && v.Primary != "":
		r.primary = v.Primary
	}
	r.updateRole(old, now)
	r.afterInput(now)
}

// SetLease gives the primary a lease (or a renewal). Leases only extend: a late grant that
// ends before the current lease changes nothing. A member that stops being primary drops its
// lease.
func (r *Replica) SetLease(l Lease, now time.Time) {
	until := l.Requested.Add(time.Duration(float64(l.Duration) * (1 - r.cfg.ClockDriftRate)))
	if until.After(r.leaseUntil) {
		r.leaseUntil = until
	}
	r.afterInput(now)
}

// ---------------------------------------------------------------------------------------------
// Inputs from clients (at the primary).

// Admission is Begin's answer for a call that may proceed.
type Admission struct {
	Decision Decision
	Ticket   Ticket      // Execute: give it back to Executed or Abandon
	Cached   CachedReply // Answer: the original reply
}

// Begin admits a state-changing call at the primary. It returns a RedirectError
// (ErrNotPrimary, ErrStaleView), ErrViewBehind, ErrNotReady, ErrNoLease or ErrRequestExpired
// when the call must not run here; otherwise Execute (run it, then Executed), Answer (the
// reply cache holds its committed reply) or Wait (its first execution is running or not yet
// committed: wait for the Reply to its request id).
func (r *Replica) Begin(req Request, now time.Time) (Admission, error) {
	if err := r.checkServe(req.ViewVersion, now); err != nil {
		return Admission{}, err
	}
	exp := req.Expiration
	if exp.IsZero() {
		exp = now.Add(r.cfg.DefaultRetention)
	} else if now.After(exp) {
		return Admission{}, fmt.Errorf("%w: %s expired at %s", ErrRequestExpired, req.ID, exp.Format(time.RFC3339Nano))
	}
	id := req.ID
	if !id.IsZero() {
		if _, ok := r.executing[id]; ok {
			return Admission{Decision: Wait}, nil
		}
		if c, ok := r.cache.get(id); ok {
			if c.Seq <= r.f.commit {
				return Admission{Decision: Answer, Cached: c}, nil
			}
			r.awaiting[id] = struct{}{}
			return Admission{Decision: Wait}, nil
		}
		r.executing[id] = struct{}{}
	}
	return Admission{Decision: Execute, Ticket: Ticket{Request: id, Expiration: exp, term: r.term}}, nil
}

// Executed reports a call that Begin admitted and the driver executed. The core logs it as the
// next entry, ships it to the backups and returns its seq; its reply is released (Ready.Replies,
// or Ready.Commit reaching seq for a call without request id) once every backup holds it.
//
// The driver must serialise executions with each other and with Ready's Install and Apply
// (one lock), and call Executed before releasing that lock: the log order is the execution
// order. If the member was deposed since Begin (even if promoted again since), the execution
// is rolled back (the next Ready reinstalls the latest checkpoint and replays the log: the
// state the handler changed is never served) and Executed returns ErrNotPrimary; so is an
// execution that ran before the driver handled such a rollback (ErrNotReady).
func (r *Replica) Executed(t Ticket, x Execution, now time.Time) (uint64, error) {
	id := t.Request
	if !id.IsZero() && t.term == r.term {
		delete(r.executing, id)
	}
	if r.role != RolePrimary || t.term != r.term || !r.ready() {
		// The handler changed a state that is not the one its entry would follow: deposed
		// (or deposed and promoted again) since Begin, or a rollback of such an execution is
		// still pending. Reinstall and replay; the caller retries.
		var err error = &RedirectError{Err: ErrNotPrimary, View: r.view}
		if r.role == RolePrimary && t.term == r.term {
			err = fmt.Errorf("%w: a rollback is pending", ErrNotReady)
		}
		r.rollback(r.applied)
		if !id.IsZero() {
			r.rd.Replies = append(r.rd.Replies, Reply{Request: id, Err: err})
		}
		r.afterInput(now)
		return 0, err
	}
	e := Entry{Epoch: r.epoch, Seq: r.f.log.lastSeq() + 1, Request: id, Expiration: t.Expiration,
		Kind: x.Kind, Method: x.Method, Payload: x.Payload, Reply: x.Reply, Status: x.Status}
	r.f.log.append(e, now)
	r.applied, r.advanced = e.Seq, e.Seq
	r.cache.putEntry(&e, now)
	if !id.IsZero() {
		r.awaiting[id] = struct{}{}
	}
	// The entry goes out with the next Ready: every entry executed before the driver takes it
	// shares one Append per backup. A backup whose window of in-flight Appends is full gets it
	// with the rest when an ack opens the window (handleAck sends): only a backup that would
	// be sent it now makes an Append due (and the driver needs to run for it).
	if !r.appendsDue && r.wouldSend(e.Seq) {
		r.appendsDue, r.appendFrom = true, e.Seq
	}
	r.maybeCommit(now)
	r.afterInput(now)
	return e.Seq, nil
}

// Abandon gives back a ticket whose call the driver did not execute at all (its caller went
// away before it ran). Calls waiting on the same request id get ErrAbandoned.
func (r *Replica) Abandon(t Ticket) {
	if t.Request.IsZero() || t.term != r.term {
		return
	}
	if _, ok := r.executing[t.Request]; ok {
		delete(r.executing, t.Request)
		r.rd.Replies = append(r.rd.Replies, Reply{Request: t.Request, Err: ErrAbandoned})
	}
}

// Read admits a read-only call at the primary (same errors as Begin). The driver executes it
// at once and holds its reply until Ready.Commit reaches the returned seq: the state it read
// may include entries that are not committed yet, and a reply must never reveal an update that
// a failover could lose. The lease makes sure no other primary served newer updates.
func (r *Replica) Read(viewVersion uint64, now time.Time) (uint64, error) {
	if err := r.checkServe(viewVersion, now); err != nil {
		return 0, err
	}
	return r.f.log.lastSeq(), nil
}

func (r *Replica) checkServe(version uint64, now time.Time) error {
	switch {
	case r.role != RolePrimary:
		return &RedirectError{Err: ErrNotPrimary, View: r.view}
	case version != 0 && version < r.view.Version:
		return &RedirectError{Err: ErrStaleView, View: r.view}
	case version > r.view.Version:
		return fmt.Errorf("%w: call sent under view version %d, this member has %d", ErrViewBehind, version, r.view.Version)
	case !r.ready():
		return fmt.Errorf("%w: applied %d of %d entries", ErrNotReady, r.advanced, r.f.log.lastSeq())
	case r.cfg.LeaseRequired && !now.Before(r.leaseUntil):
		if r.leaseUntil.IsZero() {
			return fmt.Errorf("%w: none granted", ErrNoLease)
		}
		return fmt.Errorf("%w: expired at %s", ErrNoLease, r.leaseUntil.Format(time.RFC3339Nano))
	}
	return nil
}

// ready: the primary's state includes its whole log.
func (r *Replica) ready() bool {
	return r.rd.Install == nil && r.advanced == r.applied && r.applied == r.f.log.lastSeq()
}

// ---------------------------------------------------------------------------------------------
// Inputs from other members.

// Step gives the core a message addressed to this member. It returns ErrStaleEpoch for a
// message of an older epoch (answered with a stale Ack when it expects an answer),
// ErrDigestMismatch (wrapped) for a checkpoint whose digest is wrong (a ValueFault is
// reported), a RedirectError for a MsgFetch at a member that is not the primary, and
// ErrBadMessage for a message that breaks the protocol. A message with an error changed
// nothing but the epoch.
func (r *Replica) Step(m Message, now time.Time) error {
	err := r.step(m, now)
	r.afterInput(now)
	return err
}

func (r *Replica) step(m Message, now time.Time) error {
	if m.To != r.cfg.ID {
		return fmt.Errorf("%w: %s is not for %s", ErrBadMessage, m, r.cfg.ID)
	}
	if m.Transfer {
		if r.fetchFrom == "" || m.From != r.fetchFrom {
			// A duplicate or a late part of a transfer this member no longer waits for: it
			// must not touch a log that has moved on since.
			return fmt.Errorf("%w: %s: no transfer expected from %s", ErrBadMessage, m, m.From)
		}
		return r.stepTransfer(m, now)
	}
	switch m.Type {
	case MsgAppend, MsgCheckpoint:
		if m.Epoch < r.epoch {
			r.send(Message{Type: MsgAck, To: m.From, Stale: true})
			return fmt.Errorf("%w: %s, this member is at epoch %d", ErrStaleEpoch, m, r.epoch)
		}
		if m.Epoch > r.epoch {
			old := r.view
			r.adoptEpoch(m.Epoch, m.From)
			r.updateRole(old, now)
		} else if r.role == RolePrimary || (r.primary != "" && r.primary != m.From) {
			return fmt.Errorf("%w: %s from a second primary of epoch %d (primary %s)", ErrBadMessage, m, r.epoch, r.primary)
		}
		r.primary = m.From
		if m.Type == MsgCheckpoint {
			return r.handleCheckpoint(m, now)
		}
		if err := checkEntries(m); err != nil {
			return err
		}
		a := r.f.handleAppend(m)
		r.applyCommitted()
		if a.send {
			r.send(Message{Type: MsgAck, To: m.From, Match: r.f.matched, Reject: a.reject, LastSeq: a.lastSeq, Commit: r.f.commit})
		}
		return nil
	case MsgAck:
		if m.Epoch > r.epoch {
			old := r.view
			r.adoptEpoch(m.Epoch, "")
			r.updateRole(old, now)
			return nil
		}
		if r.role != RolePrimary || m.Epoch < r.epoch || m.Stale {
			return nil // from an earlier epoch: what it says no longer counts
		}
		r.handleAck(m, now)
		return nil
	case MsgFetch:
		if m.Epoch > r.epoch {
			old := r.view
			r.adoptEpoch(m.Epoch, "")
			r.updateRole(old, now)
		}
		if r.role != RolePrimary {
			return &RedirectError{Err: ErrNotPrimary, View: r.view}
		}
		r.sendTransfer(m.From)
		return nil
	}
	return fmt.Errorf("%w: unexpected %s", ErrBadMessage, m)
}

// handleCheckpoint installs a checkpoint the primary sent (this member was behind its log).
func (r *Replica) handleCheckpoint(m Message, now time.Time) error {
	ck := m.Checkpoint
	if ck == nil {
		return fmt.Errorf("%w: %s without checkpoint", ErrBadMessage, m)
	}
	if err := ck.Verify(); err != nil {
		r.fault(ValueFault, m.From, now, err.Error())
		return err
	}
	if ck.Seq > r.f.log.base.Seq {
		r.installCheckpoint(ck)
	}
	r.f.matched = max(r.f.matched, ck.Seq)
	r.applyCommitted()
	r.send(Message{Type: MsgAck, To: m.From, Match: r.f.matched, Commit: r.f.commit})
	return nil
}

// installCheckpoint makes ck (newer than the log's base, verified) the member's base: its
// state too unless the state already includes it and the log agrees.
func (r *Replica) installCheckpoint(ck *Checkpoint) {
	compacted := r.f.installCheckpoint(ck)
	if !compacted || r.applied < ck.Seq {
		r.install(ck)
	}
	r.stable, r.hasBase = *ck, true
	if r.pending != nil && (r.pending.Seq <= ck.Seq || !compacted) {
		r.pending = nil
	}
}

// stepTransfer handles the answer to a MsgFetch: a checkpoint, entries, done.
func (r *Replica) stepTransfer(m Message, now time.Time) error {
	if m.Epoch < r.epoch {
		return fmt.Errorf("%w: transfer %s, this member is at epoch %d", ErrStaleEpoch, m, r.epoch)
	}
	if m.Epoch > r.epoch {
		old := r.view
		r.adoptEpoch(m.Epoch, "")
		r.updateRole(old, now)
	}
	switch m.Type {
	case MsgCheckpoint:
		ck := m.Checkpoint
		if ck == nil {
			return fmt.Errorf("%w: %s without checkpoint", ErrBadMessage, m)
		}
		if err := ck.Verify(); err != nil {
			r.fault(ValueFault, m.From, now, err.Error())
			return err
		}
		if ck.Seq > r.f.log.base.Seq {
			r.installCheckpoint(ck)
		}
		return nil
	case MsgAppend:
		if err := checkEntries(m); err != nil {
			return err
		}
		if ok, _ := r.f.accept(m); !ok {
			return fmt.Errorf("%w: transfer %s does not follow this member's log (ends at %v)", ErrBadMessage, m, r.f.log.last())
		}
		return nil
	case MsgDone:
		// Everything the sender holds is here: apply it all (a log holder's entries past its
		// commit point too: the member restored from them becomes the primary, whose log is
		// the group's).
		r.f.commit = max(r.f.commit, min(m.Commit, r.f.log.lastSeq()))
		r.applyTo(r.f.log.lastSeq())
		r.caughtUp = true
		r.fetchFrom = ""
		if r.role == RolePrimary {
			// A primary restoring (COLD_PASSIVE takeover): its log just changed under the
			// backups it tracked. Probe them all again, with time to catch up.
			r.progress, r.order = map[string]*progress{}, nil
			r.syncBackups(View{}, true, now)
		}
		return nil
	}
	return fmt.Errorf("%w: unexpected transfer %s", ErrBadMessage, m)
}

// Fetch asks target (the primary, or the log holder of this member's location) for a state
// transfer. The driver carries it as a Transfer call and steps in what comes back; Status
// says CaughtUp once all of it is applied.
func (r *Replica) Fetch(target string, now time.Time) {
	r.caughtUp = false
	r.fetchFrom = target
	r.send(Message{Type: MsgFetch, To: target})
	r.afterInput(now)
}

// Restore rolls the member forward from what a log holder kept (COLD_PASSIVE takeover, or a
// restart from local files): the checkpoint (verified), then every entry after it, applied in
// the next Ready. It is Fetch from a holder, done in one call. st.Epoch fences: the member
// adopts it.
func (r *Replica) Restore(st HolderState, now time.Time) error {
	defer r.afterInput(now)
	r.caughtUp = false
	if st.Epoch > r.epoch {
		old := r.view
		r.adoptEpoch(st.Epoch, "")
		r.updateRole(old, now)
	}
	if ck := st.Checkpoint; ck != nil {
		if err := r.stepTransfer(Message{Type: MsgCheckpoint, Transfer: true, Epoch: r.epoch, Checkpoint: ck}, now); err != nil {
			return err
		}
	}
	if len(st.Entries) > 0 {
		prev := r.f.log.last()
		if err := r.stepTransfer(Message{Type: MsgAppend, Transfer: true, Epoch: r.epoch, PrevSeq: prev.Seq, PrevEpoch: prev.Epoch, Entries: st.Entries}, now); err != nil {
			return err
		}
	}
	return r.stepTransfer(Message{Type: MsgDone, Transfer: true, Epoch: r.epoch, Commit: st.Commit}, now)
}

// ---------------------------------------------------------------------------------------------
// Time and checkpoints.

// Tick advances time: the primary resends what backups have not acknowledged, tells them the
// commit point, and reports those that did not acknowledge in time; the reply cache forgets
// expired replies; a checkpoint is asked for every CheckpointInterval; a lease that runs out
// stops the primary serving (Ready.SoftState). Call it often (every RetransmitInterval/2 or
// more often).
func (r *Replica) Tick(now time.Time) {
	r.cache.prune(now)
	if r.role == RolePrimary {
		last := r.f.log.lastSeq()
		for _, b := range r.order {
			p := r.progress[b]
			if p.match < last && !p.reported {
				s := max(p.match+1, r.f.log.base.Seq+1)
				deadline := p.graceUntil
				if t0 := r.f.log.appendedAt(s); s > p.catchUpTo && !t0.IsZero() {
					deadline = t0.Add(r.cfg.AckTimeout)
				}
				if !now.Before(deadline) {
					p.reported = true
					r.fault(OmissionFault, b, now, fmt.Sprintf("no acknowledgement of seq %d (acknowledged up to %d of %d) by %s",
						s, p.match, last, deadline.Format(time.RFC3339Nano)))
				}
			}
			// A backup that has not answered in this epoch is probed again even when it lacks
			// nothing: a lost probe (its stream not up yet) would otherwise never be answered,
			// and the backup never reported caught up.
			if (p.probing || p.match < last || p.commitKnown < r.f.commit) && now.Sub(p.lastSent) >= r.cfg.RetransmitInterval {
				// Resend from what it acknowledged (or from where its reject said its log
				// ends); a backup that has not answered in this epoch yet is probed again at
				// our end instead (its log is probably there).
				p.next = max(p.match, p.held) + 1
				if p.probing {
					p.next = last + 1
				}
				p.inflight = p.inflight[:0]
				r.sendAppend(b, p, now, true)
			}
		}
	}
	if r.lastCheckpointAt.IsZero() {
		r.lastCheckpointAt = now
	}
	if now.Sub(r.lastCheckpointAt) >= r.cfg.CheckpointInterval && r.applied > r.stable.Seq {
		r.wantCheckpoint = true
		r.lastCheckpointAt = now
	}
	r.afterInput(now)
}

// CheckpointTaken reports the state GetState returned for the checkpoint Ready asked for (at
// seq, the member's applied seq: no other input may come between Advance and this call). The
// core digests it and keeps it with the reply cache as of seq; once seq is committed it becomes
// the member's base, the log before it is dropped, and a primary sends it to the log holders of
// its cold backups.
func (r *Replica) CheckpointTaken(seq uint64, state []byte, now time.Time) error {
	defer r.afterInput(now)
	r.lastCheckpointAt = now
	if seq != r.applied || r.advanced != r.applied {
		return fmt.Errorf("%w: taken at %d, the member is at %d (handled up to %d)", ErrStaleCheckpoint, seq, r.applied, r.advanced)
	}
	ep, ok := r.f.log.epochAt(seq)
	if !ok {
		return fmt.Errorf("%w: seq %d is not in the log (%v, %v]", ErrStaleCheckpoint, seq, r.f.log.base, r.f.log.last())
	}
	if r.hasBase && seq <= r.stable.Seq {
		return nil
	}
	ck := NewCheckpoint(Pos{Seq: seq, Epoch: ep}, state, r.cache.snapshot(seq))
	if seq <= r.f.commit {
		r.makeStable(ck, now)
	} else {
		r.pending = &ck
	}
	return nil
}

func (r *Replica) makeStable(ck Checkpoint, now time.Time) {
	if ck.Seq > r.f.log.base.Seq {
		r.f.log.compact(ck.pos())
	}
	r.stable, r.hasBase = ck, true
	if r.pending != nil && r.pending.Seq <= ck.Seq {
		r.pending = nil
	}
	if r.role == RolePrimary {
		for _, b := range r.order {
			if p := r.progress[b]; p.cold {
				c := ck
				r.send(Message{Type: MsgCheckpoint, To: b, Checkpoint: &c, Commit: r.f.commit})
				p.lastSent = now
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Outputs.

// HasReady reports whether Ready has anything for the driver.
func (r *Replica) HasReady() bool {
	return r.appendsDue || r.wantCheckpoint || r.rd.Install != nil || len(r.rd.Apply) > 0 || len(r.rd.Msgs) > 0 ||
		len(r.rd.Replies) > 0 || len(r.rd.Faults) > 0 || len(r.rd.CaughtUp) > 0 || r.lastSoft != r.softState(r.lastNow) || r.rd.Commit != r.f.commit
}

// Ready returns what the driver must do now (see Ready's doc for the order) and clears it.
// The driver calls Advance with it once handled. Ready owns nothing the core keeps: the
// driver may keep its slices.
func (r *Replica) Ready() Ready {
	if r.appendsDue {
		r.appendsDue = false
		last := r.f.log.lastSeq()
		for _, b := range r.order {
			// As if each entry were sent when executed: to the backups whose next was it.
			if p := r.progress[b]; p.next >= r.appendFrom && p.next <= last {
				r.sendAppend(b, p, r.lastNow, false)
			}
		}
	}
	rd := r.rd
	r.rd = Ready{}
	if r.wantCheckpoint {
		ep, _ := r.f.log.epochAt(r.applied)
		rd.TakeCheckpoint = &Pos{Seq: r.applied, Epoch: ep}
		r.wantCheckpoint = false
	}
	if s := r.softState(r.lastNow); s != r.lastSoft {
		rd.SoftState = &s
		r.lastSoft = s
	}
	rd.Commit = r.f.commit
	r.rd.Commit = r.f.commit
	rd.appliedTo = r.applied
	return rd
}

// Advance tells the core that the driver handled rd: its Install and Apply are in the state.
func (r *Replica) Advance(rd Ready) {
	r.advanced = rd.appliedTo
}

// Status returns a snapshot of the core's state.
func (r *Replica) Status() Status {
	return Status{
		SoftState:   r.softState(r.lastNow),
		ViewVersion: r.view.Version,
		Last:        r.f.log.last(),
		Base:        r.f.log.base,
		Applied:     r.applied,
		Commit:      r.f.commit,
		CaughtUp:    r.caughtUp && r.applied >= r.f.commit,
	}
}

// Term counts the member's role changes. What the member executed or read as primary is
// answered at the commit of its seq only while the term is the same: a member deposed in
// between may have had its log truncated by another primary, even if it is primary again.
func (r *Replica) Term() uint64 { return r.term }

// View returns the newest view the member knows (for Redirect details).
func (r *Replica) View() View { return r.view }

func (r *Replica) softState(now time.Time) SoftState {
	s := SoftState{Role: r.role, Epoch: r.epoch, Primary: r.primary}
	if r.role == RolePrimary {
		s.Serving = r.ready() && (!r.cfg.LeaseRequired || now.Before(r.leaseUntil))
	}
	return s
}

// ---------------------------------------------------------------------------------------------
// Roles.

// adoptEpoch moves to a newer epoch whose primary is primary ("" unknown).
func (r *Replica) adoptEpoch(e uint64, primary string) {
	r.epoch = e
	r.primary = primary
	r.f.newEpoch()
}

// updateRole derives the role from the view and the epoch, and promotes or deposes.
func (r *Replica) updateRole(old View, now time.Time) {
	want := RoleNone
	switch {
	case r.view.Epoch == r.epoch && r.view.Primary == r.cfg.ID:
		want = RolePrimary
	case r.view.has(r.cfg.ID) || r.primary != "":
		want = RoleBackup
	}
	switch {
	case want == RolePrimary && r.role != RolePrimary:
		r.role = RolePrimary
		r.term++
		r.primary = r.cfg.ID
		// Promoted: finish applying the log; serve once the driver has (ready).
		r.applyTo(r.f.log.lastSeq())
		r.executing, r.awaiting = map[RequestID]struct{}{}, map[RequestID]struct{}{}
		r.progress = map[string]*progress{}
		r.syncBackups(old, true, now)
	case want == RolePrimary:
		r.syncBackups(old, r.view.Epoch != old.Epoch, now)
	case r.role == RolePrimary:
		r.role = want
		r.term++
		// In request id order: the outputs of a pure core must not depend on map order.
		ids := make([]RequestID, 0, len(r.awaiting))
		for id := range r.awaiting {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, RequestID.compare)
		for _, id := range ids {
			r.rd.Replies = append(r.rd.Replies, Reply{Request: id, Err: ErrNotPrimary})
		}
		r.executing, r.awaiting, r.progress, r.order = nil, nil, nil, nil
		r.leaseUntil = time.Time{}
		r.applyCommitted()
	default:
		r.role = want
	}
}

// syncBackups makes the primary's progress follow the view's backups. In a new epoch
// everything a backup acknowledged before counts for nothing (another primary may have
// written to it in between): each is probed again.
func (r *Replica) syncBackups(old View, newEpoch bool, now time.Time) {
	last := r.f.log.lastSeq()
	r.order = r.order[:0]
	keep := map[string]bool{}
	for _, m := range r.view.Members {
		if m.ID == r.cfg.ID {
			continue
		}
		keep[m.ID] = true
		r.order = append(r.order, m.ID)
		p := r.progress[m.ID]
		if p == nil || newEpoch {
			grace := r.cfg.CatchUpTimeout
			if old.has(m.ID) {
				grace = r.cfg.AckTimeout
			}
			p = &progress{catchUpTo: last, graceUntil: now.Add(grace), probing: true}
			r.progress[m.ID] = p
		}
		p.cold = m.Cold
		if p.lastSent.IsZero() {
			p.next = last + 1
			r.sendAppend(m.ID, p, now, true)
		}
	}
	for id := range r.progress {
		if !keep[id] {
			delete(r.progress, id)
		}
	}
	r.maybeCommit(now)
}

// ---------------------------------------------------------------------------------------------
// The primary's side of Replicate.

// sendAppend sends backup b what it lacks from p.next on (a checkpoint first if our log no
// longer reaches back there), within the in-flight window; with force, at least a heartbeat.
func (r *Replica) sendAppend(b string, p *progress, now time.Time, force bool) {
	last := r.f.log.lastSeq()
	p.next = min(max(p.next, p.match+1), last+1)
	sent := false
	if p.next <= r.f.log.base.Seq {
		// A checkpoint is big: send it again only if it may have been lost, and meanwhile
		// the entries after it (the backup buffers them).
		if p.ckptSent != r.f.log.base.Seq || now.Sub(p.ckptSentAt) >= r.cfg.CatchUpTimeout {
			c := r.stable
			r.send(Message{Type: MsgCheckpoint, To: b, Checkpoint: &c, Commit: r.f.commit})
			p.ckptSent, p.ckptSentAt = r.f.log.base.Seq, now
			sent = true
		}
		p.next = r.f.log.base.Seq + 1
	}
	// The window starts at what the backup holds: its match, the checkpoint it is sent, or
	// where it said its log ends (in a new epoch nothing matches until it answers, and a
	// window from the checkpoint would not reach the end of its log: nothing would be sent).
	hi := min(last, max(p.match, r.f.log.base.Seq, p.held)+uint64(r.cfg.MaxInflightEntries))
	for p.next <= hi && len(p.inflight) < r.cfg.MaxInflightAppends {
		end := min(hi, p.next+uint64(r.cfg.MaxAppendEntries)-1)
		prevEpoch, _ := r.f.log.epochAt(p.next - 1)
		r.send(Message{Type: MsgAppend, To: b, PrevSeq: p.next - 1, PrevEpoch: prevEpoch, Entries: r.f.log.slice(p.next, end), Commit: r.f.commit})
		p.next = end + 1
		p.inflight = append(p.inflight, end)
		sent = true
	}
	if !sent && force {
		prevEpoch, _ := r.f.log.epochAt(p.next - 1)
		r.send(Message{Type: MsgAppend, To: b, PrevSeq: p.next - 1, PrevEpoch: prevEpoch, Commit: r.f.commit})
		sent = true
	}
	if sent {
		p.lastSent = now
	}
}

// wouldSend reports whether a backup would be sent the entry at seq now: it was sent
// everything before it and has room in its window.
func (r *Replica) wouldSend(seq uint64) bool {
	for _, b := range r.order {
		if p := r.progress[b]; p.next >= seq && len(p.inflight) < r.cfg.MaxInflightAppends {
			return true
		}
	}
	return false
}

func (r *Replica) handleAck(m Message, now time.Time) {
	p := r.progress[m.From]
	if p == nil {
		return // not a backup of the view (a late ack from a removed member)
	}
	p.commitKnown = max(p.commitKnown, m.Commit)
	p.probing = false
	if m.Reject {
		p.inflight = p.inflight[:0]
		// Resend from where its log ends (never a bare probe here: a probe it cannot take
		// would be refused again, at once, forever; Tick probes).
		p.next = max(p.match+1, min(p.next, m.LastSeq+1))
		p.held = p.next - 1
		if base := r.f.log.base.Seq; p.next <= base && p.ckptSent == base && now.Sub(p.ckptSentAt) < r.cfg.CatchUpTimeout {
			return // it needs the checkpoint, which is on its way: entries would be refused again
		}
		r.sendAppend(m.From, p, now, false)
		return
	}
	if m.Match > p.match {
		p.match = min(m.Match, r.f.log.lastSeq())
	}
	n := 0
	for n < len(p.inflight) && p.inflight[n] <= m.Match {
		n++
	}
	p.inflight = p.inflight[n:]
	if !p.caughtUp && p.match >= p.catchUpTo {
		p.caughtUp = true
		r.rd.CaughtUp = append(r.rd.CaughtUp, m.From)
	}
	r.maybeCommit(now)
	if p.next <= r.f.log.lastSeq() {
		r.sendAppend(m.From, p, now, false)
	}
}

// maybeCommit advances the commit point to what every backup of the view holds, releases the
// replies of the entries it covers, and makes a pending checkpoint the base once covered.
func (r *Replica) maybeCommit(now time.Time) {
	c := r.f.log.lastSeq()
	for _, b := range r.order {
		c = min(c, r.progress[b].match)
	}
	if c <= r.f.commit {
		return
	}
	for s := r.f.commit + 1; s <= c; s++ {
		e := r.f.log.entry(s)
		if e == nil || e.Request.IsZero() {
			continue
		}
		if _, ok := r.awaiting[e.Request]; ok {
			delete(r.awaiting, e.Request)
			r.rd.Replies = append(r.rd.Replies, Reply{Request: e.Request, Seq: e.Seq, Reply: e.Reply, Status: e.Status})
		}
	}
	r.f.commit = c
	if r.pending != nil && r.pending.Seq <= c {
		ck := *r.pending
		r.pending = nil
		r.makeStable(ck, now)
	}
}

// sendTransfer answers a joining member's MsgFetch: the committed checkpoint if the log does
// not reach back to seq 1, the committed entries after it, done.
func (r *Replica) sendTransfer(to string) {
	if r.f.log.base.Seq > 0 {
		c := r.stable
		r.send(Message{Type: MsgCheckpoint, To: to, Transfer: true, Checkpoint: &c, Commit: r.f.commit})
	}
	for lo := r.f.log.base.Seq + 1; lo <= r.f.commit; {
		hi := min(r.f.commit, lo+uint64(r.cfg.MaxAppendEntries)-1)
		pe, _ := r.f.log.epochAt(lo - 1)
		r.send(Message{Type: MsgAppend, To: to, Transfer: true, PrevSeq: lo - 1, PrevEpoch: pe, Entries: r.f.log.slice(lo, hi), Commit: r.f.commit})
		lo = hi + 1
	}
	r.send(Message{Type: MsgDone, To: to, Transfer: true, Commit: r.f.commit})
}

// ---------------------------------------------------------------------------------------------
// Applying.

// applyCommitted applies a backup's log up to the commit point (never past what it matched
// with the current primary: the follower's commit already is).
func (r *Replica) applyCommitted() {
	if r.role != RolePrimary {
		r.applyTo(min(r.f.commit, r.f.log.lastSeq()))
	}
	if r.pending != nil && r.pending.Seq <= r.f.commit && r.role != RolePrimary {
		ck := *r.pending
		r.pending = nil
		r.makeStable(ck, time.Time{})
	}
}

// applyTo hands the driver the entries after applied up to seq.
func (r *Replica) applyTo(seq uint64) {
	if seq <= r.applied {
		return
	}
	ents := r.f.log.slice(r.applied+1, seq)
	for i := range ents {
		r.cache.putEntry(&ents[i], r.lastNow)
	}
	if r.rd.Apply == nil {
		r.rd.Apply = ents // a copy already: Ready owns it
	} else {
		r.rd.Apply = append(r.rd.Apply, ents...)
	}
	r.applied = seq
}

// install makes the driver replace its state by ck's (verified) and resets the reply cache to
// ck's.
func (r *Replica) install(ck *Checkpoint) {
	c := *ck
	r.rd.Install = &c
	r.rd.Apply = nil
	r.applied = ck.Seq
	r.cache.reset(ck.Replies)
}

// rollback brings the state back to the latest committed checkpoint and the log after it up
// to seq: the seed's checkpoint and rollback, for a state that includes entries a newer primary
// does not have.
func (r *Replica) rollback(seq uint64) {
	if !r.hasBase {
		panic(fmt.Sprintf("replica: invariant broken: member %s must roll back to seq %d before its initial checkpoint was taken (the driver must handle the first Ready before any other input)", r.cfg.ID, seq))
	}
	r.install(&r.stable)
	r.applyTo(seq)
}

// onTruncate is the follower's hook: entries from seq on were dropped from the log.
func (r *Replica) onTruncate(seq uint64) {
	if r.pending != nil && r.pending.Seq >= seq {
		r.pending = nil
	}
	if seq <= r.applied {
		r.rollback(seq - 1)
	}
}

func (r *Replica) onDiverged(detail string) {
	if r.divergedEpoch == r.epoch {
		return
	}
	r.divergedEpoch = r.epoch
	r.fault(ValueFault, r.primary, r.lastNow, "logs diverge below the commit point (a member without every committed entry was made primary): "+detail)
}

// ---------------------------------------------------------------------------------------------

func (r *Replica) send(m Message) {
	m.From = r.cfg.ID
	m.Epoch = r.epoch
	r.rd.Msgs = append(r.rd.Msgs, m)
}

func (r *Replica) fault(k FaultKind, member string, now time.Time, detail string) {
	r.rd.Faults = append(r.rd.Faults, Fault{Kind: k, Member: member, Epoch: r.epoch, At: now, Detail: detail})
}

func (r *Replica) afterInput(now time.Time) {
	if now.After(r.lastNow) {
		r.lastNow = now
	}
}
