package txn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// ParticipantConfig configures a participant's protocol core. Start from
// DefaultParticipantConfig.
type ParticipantConfig struct {
	// Name is this participant's name in every transaction it joins.
	Name string
	// ActiveTimeout aborts a transaction that got no work and no Prepare for this long, so
	// that a client that vanished does not hold locks forever.
	ActiveTimeout time.Duration
	// DecisionTimeout is how long a prepared transaction waits for the decision before
	// asking the coordinator (GetDecision). Each further ask doubles the wait (with jitter)
	// up to MaxAskInterval. A participant that restarts with prepared transactions asks at
	// once.
	DecisionTimeout time.Duration
	MaxAskInterval  time.Duration
	// RefusedMemory bounds how many gids the core remembers having aborted on its own (to
	// vote no if their Prepare arrives late). Default 65536.
	RefusedMemory int
	// Rand jitters the ask intervals. Default: a generator seeded with 1.
	Rand *rand.Rand
	// Committed reports whether this participant committed gid: the driver looks for the
	// commit marker in its store. It answers peers during cooperative termination once the
	// transaction is no longer in the core. Required.
	Committed func(gid string) bool
}

// DefaultParticipantConfig returns the defaults for a participant named name.
func DefaultParticipantConfig(name string) ParticipantConfig {
	return ParticipantConfig{
		Name:            name,
		ActiveTimeout:   30 * time.Second,
		DecisionTimeout: time.Second,
		MaxAskInterval:  10 * time.Second,
		RefusedMemory:   65536,
	}
}

// Validate reports every invalid field, quoting its value.
func (c ParticipantConfig) Validate() error {
	var errs []error
	if c.Name == "" || c.Name == CoordinatorName || c.Name == ClientName {
		errs = append(errs, fmt.Errorf("Name: %q is empty or reserved", c.Name))
	}
	if c.ActiveTimeout <= 0 {
		errs = append(errs, fmt.Errorf("ActiveTimeout: %v must be positive", c.ActiveTimeout))
	}
	if c.DecisionTimeout <= 0 {
		errs = append(errs, fmt.Errorf("DecisionTimeout: %v must be positive", c.DecisionTimeout))
	}
	if c.MaxAskInterval < c.DecisionTimeout {
		errs = append(errs, fmt.Errorf("MaxAskInterval: %v is less than DecisionTimeout %v", c.MaxAskInterval, c.DecisionTimeout))
	}
	if c.RefusedMemory < 0 {
		errs = append(errs, fmt.Errorf("RefusedMemory: %d is negative", c.RefusedMemory))
	}
	if c.Committed == nil {
		errs = append(errs, errors.New("Committed: must be set"))
	}
	if len(errs) > 0 {
		return fmt.Errorf("txn: invalid participant config: %w", errors.Join(errs...))
	}
	return nil
}

// OpKind is a durable action a participant's driver performs on its store.
type OpKind uint8

const (
	// OpPrepare: store the transaction's metadata (coordinator, peers) and Prepare it.
	OpPrepare OpKind = iota + 1
	// OpCommit: commit the prepared transaction.
	OpCommit
	// OpAbort: abort the transaction (prepared or still active).
	OpAbort
)

func (k OpKind) String() string {
	return [...]string{"", "prepare", "commit", "abort"}[k]
}

// Op is one durable action for the driver. When it finishes the driver calls OpDone.
type Op struct {
	Kind        OpKind
	GID         string
	Coordinator string // OpPrepare
	Peers       []Peer // OpPrepare
	// Work is the transaction's whole work here (one-shot transactions): the driver executes it
	// in the local transaction, beginning one if the gid has none yet, before preparing.
	Work   []byte
	Reason string // OpAbort
}

func (o Op) String() string {
	s := fmt.Sprintf("%s %s", o.Kind, o.GID)
	if len(o.Work) > 0 {
		s += fmt.Sprintf(" work=%q", o.Work)
	}
	if o.Reason != "" {
		s += fmt.Sprintf(" reason=%q", o.Reason)
	}
	return s
}

// ParticipantReady is what the core asks its driver to do after an input.
type ParticipantReady struct {
	Ops  []Op
	Msgs []Message
}

// Empty says whether there is nothing to do.
func (r ParticipantReady) Empty() bool { return len(r.Ops) == 0 && len(r.Msgs) == 0 }

type partState uint8

const (
	pActive    partState = iota // work in progress
	pPreparing                  // OpPrepare issued
	pPrepared                   // prepared, uncertain
	pDeciding                   // OpCommit or OpAbort of a prepared transaction issued
	pAborting                   // OpAbort of an active transaction issued
	pFailed                     // a durable op failed: the store must be reopened
)

func (s partState) String() string {
	return [...]string{"active", "preparing", "prepared", "deciding", "aborting", "failed"}[s]
}

type partTx struct {
	gid         string
	state       partState
	lastWork    time.Time
	coordinator string
	peers       []Peer
	commit      bool // deciding: the decision being applied
	pendingAbt  bool // preparing: an abort arrived meanwhile
	ackOnDone   bool // aborting: the coordinator asked for the abort and awaits the ack
	learned     bool // deciding: the decision came from GetDecision or a peer
	nextAsk     time.Time
	interval    time.Duration
}

// Errors returned by Participant.Join.
var (
	// ErrTxPrepared: the transaction is already prepared, being decided or committed here; it
	// takes no more work.
	ErrTxPrepared = errors.New("txn: transaction takes no more work here")
	// ErrTxAborted: the transaction was aborted here (timed out, refused during cooperative
	// termination, or decided); it takes no more work.
	ErrTxAborted = errors.New("txn: transaction aborted here")
)

// Participant is a participant's protocol core: a pure state machine. It does no I/O and reads
// no clock: inputs are Join (work arrives for a gid), Step (messages), OpDone (a durable action
// finished), Tick (time) and Recover (prepared transactions found at start); outputs are
// collected with Ready. It is not safe for concurrent use: the driver serialises calls.
type Participant struct {
	cfg     ParticipantConfig
	rnd     *rand.Rand
	txs     map[string]*partTx
	refused map[string]struct{}
	order   []string // refused gids, oldest first
	rd      ParticipantReady
}

// NewParticipant returns a core; cfg must be valid.
func NewParticipant(cfg ParticipantConfig) (*Participant, error) {
	if cfg.RefusedMemory == 0 {
		cfg.RefusedMemory = 65536
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := cfg.Rand
	if r == nil {
		r = rand.New(rand.NewPCG(1, 1))
	}
	return &Participant{cfg: cfg, rnd: r, txs: make(map[string]*partTx), refused: make(map[string]struct{})}, nil
}

// Join registers work for gid. It returns isNew when the driver must begin a local
// transaction for it, and ErrTxPrepared or ErrTxAborted when the gid takes no more work.
func (p *Participant) Join(gid string, now time.Time) (isNew bool, err error) {
	if t := p.txs[gid]; t != nil {
		if t.state == pActive {
			t.lastWork = now
			return false, nil
		}
		if t.state == pAborting {
			return false, fmt.Errorf("%w: %s", ErrTxAborted, gid)
		}
		return false, fmt.Errorf("%w: %s is %s", ErrTxPrepared, gid, t.state)
	}
	if _, ok := p.refused[gid]; ok {
		return false, fmt.Errorf("%w: %s", ErrTxAborted, gid)
	}
	if p.cfg.Committed(gid) {
		return false, fmt.Errorf("%w: %s already committed", ErrTxPrepared, gid)
	}
	p.txs[gid] = &partTx{gid: gid, state: pActive, lastWork: now}
	return true, nil
}

// Recovered is a prepared transaction found in the store at start.
type Recovered struct {
	GID         string
	Coordinator string
	Peers       []Peer
}

// Recover installs prepared transactions found at start. Each asks the coordinator for its
// decision at once.
func (p *Participant) Recover(rs []Recovered, now time.Time) {
	for _, r := range rs {
		t := &partTx{gid: r.GID, state: pPrepared, coordinator: r.Coordinator, peers: slices.Clone(r.Peers), interval: p.cfg.DecisionTimeout}
		p.txs[r.GID] = t
		p.ask(t, now)
	}
}

func (p *Participant) ask(t *partTx, now time.Time) {
	p.send(Message{Type: MsgGetDecision, GID: t.gid, To: CoordinatorName, Addr: t.coordinator})
	t.nextAsk = now.Add(p.jitter(t.interval))
	t.interval = min(2*t.interval, p.cfg.MaxAskInterval)
}

func (p *Participant) jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.8 + 0.4*p.rnd.Float64()))
}

func (p *Participant) send(m Message) {
	m.From = p.cfg.Name
	p.rd.Msgs = append(p.rd.Msgs, m)
}

func (p *Participant) op(o Op) { p.rd.Ops = append(p.rd.Ops, o) }

func (p *Participant) refuse(gid string) {
	if _, ok := p.refused[gid]; ok {
		return
	}
	p.refused[gid] = struct{}{}
	p.order = append(p.order, gid)
	if len(p.order) > p.cfg.RefusedMemory {
		delete(p.refused, p.order[0])
		p.order = p.order[1:]
	}
}

func (p *Participant) vote(gid, coordinator string, yes bool, reason string) {
	p.voteErr(gid, coordinator, yes, reason, nil)
}

func (p *Participant) voteErr(gid, coordinator string, yes bool, reason string, err error) {
	p.send(Message{Type: MsgVote, GID: gid, To: CoordinatorName, Addr: coordinator, Yes: yes, Reason: reason, Err: err})
}

// abortActive aborts an active transaction on this participant's own initiative.
func (p *Participant) abortActive(t *partTx, reason string) {
	t.state = pAborting
	p.refuse(t.gid)
	p.op(Op{Kind: OpAbort, GID: t.gid, Reason: reason})
}

func (p *Participant) decide(t *partTx, commit bool) {
	t.state = pDeciding
	t.commit = commit
	k := OpAbort
	if commit {
		k = OpCommit
	}
	p.op(Op{Kind: k, GID: t.gid})
}

// Step feeds a message from the coordinator or a peer.
func (p *Participant) Step(m Message, now time.Time) {
	t := p.txs[m.GID]
	switch m.Type {
	case MsgPrepare:
		if t == nil && len(m.Work) > 0 {
			// A one-shot transaction: its work arrives with the Prepare.
			_, refused := p.refused[m.GID]
			if !refused && !p.cfg.Committed(m.GID) {
				t = &partTx{gid: m.GID, state: pPreparing, lastWork: now, coordinator: m.Coordinator, peers: slices.Clone(m.Peers)}
				p.txs[m.GID] = t
				p.op(Op{Kind: OpPrepare, GID: t.gid, Coordinator: m.Coordinator, Peers: slices.Clone(m.Peers), Work: m.Work})
				return
			}
		}
		if t == nil {
			p.refuse(m.GID)
			p.vote(m.GID, m.Coordinator, false, "no work for this transaction here: never joined, timed out, or the participant restarted")
			return
		}
		switch t.state {
		case pActive:
			t.state = pPreparing
			t.coordinator = m.Coordinator
			t.peers = slices.Clone(m.Peers)
			p.op(Op{Kind: OpPrepare, GID: t.gid, Coordinator: m.Coordinator, Peers: slices.Clone(m.Peers), Work: m.Work})
		case pPrepared:
			p.vote(t.gid, t.coordinator, true, "")
		case pDeciding:
			p.vote(t.gid, t.coordinator, t.commit, "already deciding")
		case pAborting:
			p.vote(t.gid, m.Coordinator, false, "aborted here")
		}
	case MsgDecide:
		if t == nil {
			if !m.Commit {
				p.refuse(m.GID)
			}
			// Applied before (a resent decision), or never prepared here: acknowledge.
			p.send(Message{Type: MsgAck, GID: m.GID, To: CoordinatorName, Addr: m.Addr, Commit: m.Commit})
			return
		}
		switch t.state {
		case pActive:
			if !m.Commit {
				p.abortActive(t, "aborted by the coordinator")
				t.ackOnDone = true
			}
			// A commit for unprepared work cannot come from a correct coordinator: ignore it.
		case pAborting:
			t.ackOnDone = !m.Commit
		case pPreparing:
			if !m.Commit {
				t.pendingAbt = true
			}
		case pPrepared:
			p.decide(t, m.Commit)
		}
	case MsgDecision, MsgOutcome:
		if t != nil && t.state == pPrepared && m.Outcome != Undecided {
			p.decide(t, m.Outcome == Committed)
			t.learned = true
		}
	case MsgUnreachable:
		if m.Failed == MsgGetDecision && t != nil && t.state == pPrepared {
			// The coordinator is down: ask the peers (cooperative termination).
			for _, peer := range t.peers {
				if peer.Name != p.cfg.Name {
					p.send(Message{Type: MsgQuery, GID: t.gid, To: peer.Name, Addr: peer.Address})
				}
			}
		}
	case MsgQuery:
		o := Aborted
		switch {
		case t == nil:
			if p.cfg.Committed(m.GID) {
				o = Committed
			} else {
				p.refuse(m.GID)
			}
		case t.state == pActive:
			p.abortActive(t, "aborted for peer "+m.From+"'s cooperative termination")
		case t.state == pPreparing || t.state == pPrepared || t.state == pFailed:
			o = Undecided
		case t.state == pDeciding && t.commit:
			o = Committed
		}
		p.send(Message{Type: MsgOutcome, GID: m.GID, To: m.From, Addr: m.Addr, Outcome: o})
	}
}

// OpDone reports that a durable action finished. An error from OpPrepare votes no (the driver
// has aborted the local transaction); an error from OpCommit or OpAbort means the store failed
// and the transaction stays in doubt until the store is reopened.
func (p *Participant) OpDone(kind OpKind, gid string, err error, now time.Time) {
	t := p.txs[gid]
	if t == nil {
		return
	}
	switch kind {
	case OpPrepare:
		if t.state != pPreparing {
			return
		}
		if err != nil {
			delete(p.txs, gid)
			p.refuse(gid)
			p.voteErr(gid, t.coordinator, false, "prepare failed: "+err.Error(), err)
			return
		}
		t.state = pPrepared
		t.interval = p.cfg.DecisionTimeout
		t.nextAsk = now.Add(p.jitter(t.interval))
		p.vote(gid, t.coordinator, true, "")
		if t.pendingAbt {
			p.decide(t, false)
		}
	case OpCommit, OpAbort:
		if t.state != pDeciding && t.state != pAborting {
			return
		}
		if err != nil {
			t.state = pFailed
			return
		}
		commit := kind == OpCommit
		delete(p.txs, gid)
		if !commit {
			p.refuse(gid)
		}
		if t.state == pDeciding || t.ackOnDone {
			p.send(Message{Type: MsgAck, GID: gid, To: CoordinatorName, Addr: t.coordinator, Commit: commit, Unsolicited: t.learned})
		}
	}
}

// Tick advances time: idle active transactions abort, and prepared ones past their ask time
// ask the coordinator again.
func (p *Participant) Tick(now time.Time) {
	for _, gid := range p.sortedGIDs() {
		t := p.txs[gid]
		switch t.state {
		case pActive:
			if now.Sub(t.lastWork) >= p.cfg.ActiveTimeout {
				p.abortActive(t, fmt.Sprintf("no Prepare within the active timeout %v", p.cfg.ActiveTimeout))
			}
		case pPrepared:
			if !now.Before(t.nextAsk) {
				p.ask(t, now)
			}
		}
	}
}

func (p *Participant) sortedGIDs() []string {
	gids := make([]string, 0, len(p.txs))
	for g := range p.txs {
		gids = append(gids, g)
	}
	slices.Sort(gids)
	return gids
}

// Ready returns what the driver must do now and clears it.
func (p *Participant) Ready() ParticipantReady {
	rd := p.rd
	p.rd = ParticipantReady{}
	return rd
}

// InDoubt lists the transactions prepared here and not yet decided.
func (p *Participant) InDoubt() []string {
	var out []string
	for _, gid := range p.sortedGIDs() {
		switch p.txs[gid].state {
		case pPreparing, pPrepared, pDeciding, pFailed:
			out = append(out, gid)
		}
	}
	return out
}

func (p *Participant) describe(now time.Time) string {
	var b strings.Builder
	for _, gid := range p.sortedGIDs() {
		t := p.txs[gid]
		fmt.Fprintf(&b, "%s %s", gid, t.state)
		switch t.state {
		case pActive:
			fmt.Fprintf(&b, " idle=%v", now.Sub(t.lastWork))
		case pPrepared:
			fmt.Fprintf(&b, " ask@+%v", t.nextAsk.Sub(now).Round(time.Millisecond))
		case pDeciding:
			fmt.Fprintf(&b, " commit=%v", t.commit)
		}
		b.WriteByte('\n')
	}
	if b.Len() == 0 {
		return "no transactions\n"
	}
	return b.String()
}
