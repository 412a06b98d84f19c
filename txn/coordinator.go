package txn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CoordinatorConfig configures the coordinator's protocol core. Start from
// DefaultCoordinatorConfig.
type CoordinatorConfig struct {
	// Name prefixes every gid this coordinator issues: gids are Name.Incarnation.Seq.
	Name string
	// Incarnation must grow at every start of the coordinator (the coordinator's recovery store
	// gives it: recovery.Store.Recovery().Boot). A gid of another incarnation that the core does
	// not remember is aborted by presumption.
	Incarnation uint64
	// ActiveTimeout bounds the time from Begin to Commit; past it the transaction is aborted.
	ActiveTimeout time.Duration
	// VoteTimeout bounds the time from Commit to the last vote; past it the transaction is
	// aborted.
	VoteTimeout time.Duration
	// ResendInterval is the first wait before a commit decision is sent again to a participant
	// that did not acknowledge it; each resend doubles it (with jitter) up to MaxResendInterval.
	ResendInterval    time.Duration
	MaxResendInterval time.Duration
	// Rand jitters the resend intervals. Default: a generator seeded with 1.
	Rand *rand.Rand
}

// DefaultCoordinatorConfig returns the defaults, for a coordinator named "coord".
func DefaultCoordinatorConfig() CoordinatorConfig {
	return CoordinatorConfig{
		Name:              "coord",
		ActiveTimeout:     30 * time.Second,
		VoteTimeout:       5 * time.Second,
		ResendInterval:    200 * time.Millisecond,
		MaxResendInterval: 5 * time.Second,
	}
}

// Validate reports every invalid field, quoting its value.
func (c CoordinatorConfig) Validate() error {
	var errs []error
	if c.Name == "" || strings.ContainsAny(c.Name, ". /") {
		errs = append(errs, fmt.Errorf("Name: %q must be non-empty without '.', '/' or spaces", c.Name))
	}
	if c.ActiveTimeout <= 0 {
		errs = append(errs, fmt.Errorf("ActiveTimeout: %v must be positive", c.ActiveTimeout))
	}
	if c.VoteTimeout <= 0 {
		errs = append(errs, fmt.Errorf("VoteTimeout: %v must be positive", c.VoteTimeout))
	}
	if c.ResendInterval <= 0 {
		errs = append(errs, fmt.Errorf("ResendInterval: %v must be positive", c.ResendInterval))
	}
	if c.MaxResendInterval < c.ResendInterval {
		errs = append(errs, fmt.Errorf("MaxResendInterval: %v is less than ResendInterval %v", c.MaxResendInterval, c.ResendInterval))
	}
	if len(errs) > 0 {
		return fmt.Errorf("txn: invalid coordinator config: %w", errors.Join(errs...))
	}
	return nil
}

type coordState uint8

const (
	cActive     coordState = iota // begun, waiting for Commit
	cCollecting                   // prepares sent, collecting votes
	cLogging                      // all voted yes, commit decision being made durable
	cCommitted                    // decision durable, waiting for acknowledgements
	cFailed                       // the decision could not be logged: outcome unknown until restart
)

func (s coordState) String() string {
	return [...]string{"active", "collecting", "logging", "committed", "failed"}[s]
}

type coordTx struct {
	gid      string
	peers    []Peer
	state    coordState
	deadline time.Time         // active, collecting
	votes    map[string]bool   // collecting: who voted yes
	acked    map[string]bool   // committed
	resend   map[string]resend // committed: per unacked participant
	work     map[string][]byte // one-shot: each participant's work, sent with Prepare
}

type resend struct {
	at       time.Time
	interval time.Duration
}

// Decision is a commit decision as the coordinator logs it: the gid and the participants that
// must acknowledge it.
type Decision struct {
	GID   string
	Peers []Peer
}

// CoordinatorReady is what the core asks its driver to do after an input. Log must be made
// durable (then the driver calls Logged); Forget may be dropped from the log lazily (losing a
// forget only means re-sending a decision after a restart); Msgs are sent in any order.
type CoordinatorReady struct {
	Log    []Decision
	Forget []string
	Msgs   []Message
}

// Empty says whether there is nothing to do.
func (r CoordinatorReady) Empty() bool {
	return len(r.Log) == 0 && len(r.Forget) == 0 && len(r.Msgs) == 0
}

// Coordinator is the coordinator's protocol core: a pure state machine. It does no I/O and
// reads no clock: inputs are Begin, Step (messages from participants and the client), Tick
// (time), Logged (a decision became durable) and Recover (decisions found in the log at
// start); outputs are collected with Ready. It is not safe for concurrent use: the driver
// serialises calls.
type Coordinator struct {
	cfg CoordinatorConfig
	rnd *rand.Rand
	seq uint64
	txs map[string]*coordTx
	rd  CoordinatorReady
}

// NewCoordinator returns a core; cfg must be valid.
func NewCoordinator(cfg CoordinatorConfig) (*Coordinator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := cfg.Rand
	if r == nil {
		r = rand.New(rand.NewPCG(1, 1))
	}
	return &Coordinator{cfg: cfg, rnd: r, txs: make(map[string]*coordTx)}, nil
}

// ErrInvalidPeers is returned by Begin for a bad participant list.
var ErrInvalidPeers = errors.New("txn: invalid participants")

// ValidatePeers checks a participant list: at least one, names unique, non-empty and not
// reserved, addresses non-empty.
func ValidatePeers(peers []Peer) error {
	if len(peers) == 0 {
		return fmt.Errorf("%w: no participants", ErrInvalidPeers)
	}
	seen := make(map[string]bool, len(peers))
	for i, p := range peers {
		switch {
		case p.Name == "" || p.Name == CoordinatorName || p.Name == ClientName:
			return fmt.Errorf("%w: participants[%d].name %q is empty or reserved", ErrInvalidPeers, i, p.Name)
		case seen[p.Name]:
			return fmt.Errorf("%w: participants[%d].name %q appears twice", ErrInvalidPeers, i, p.Name)
		case p.Address == "":
			return fmt.Errorf("%w: participants[%d].address is empty for %q", ErrInvalidPeers, i, p.Name)
		}
		seen[p.Name] = true
	}
	return nil
}

// Begin starts a global transaction among peers and returns its gid.
func (c *Coordinator) Begin(peers []Peer, now time.Time) (string, error) {
	if err := ValidatePeers(peers); err != nil {
		return "", err
	}
	c.seq++
	gid := fmt.Sprintf("%s.%d.%d", c.cfg.Name, c.cfg.Incarnation, c.seq)
	c.txs[gid] = &coordTx{gid: gid, peers: slices.Clone(peers), state: cActive, deadline: now.Add(c.cfg.ActiveTimeout)}
	return gid, nil
}

// Run starts a one-shot transaction: Begin and Commit at once, each participant getting its
// work (work[i] for peers[i]) in the Prepare. The result comes as a MsgResult for the gid.
func (c *Coordinator) Run(peers []Peer, work [][]byte, now time.Time) (string, error) {
	if len(work) != len(peers) {
		return "", fmt.Errorf("%w: %d participants but %d pieces of work", ErrInvalidPeers, len(peers), len(work))
	}
	gid, err := c.Begin(peers, now)
	if err != nil {
		return "", err
	}
	t := c.txs[gid]
	t.work = make(map[string][]byte, len(peers))
	for i, p := range peers {
		t.work[p.Name] = work[i]
	}
	c.Step(Message{Type: MsgCommit, GID: gid, From: ClientName}, now)
	return gid, nil
}

// Recover installs the commit decisions found in the log at start: each is committed, no
// participant has acknowledged, and the decision goes out again at once.
func (c *Coordinator) Recover(ds []Decision, now time.Time) {
	for _, d := range ds {
		t := &coordTx{gid: d.GID, peers: slices.Clone(d.Peers), state: cCommitted}
		c.txs[d.GID] = t
		c.startResend(t, now)
	}
}

func (c *Coordinator) startResend(t *coordTx, now time.Time) {
	t.acked = make(map[string]bool, len(t.peers))
	t.resend = make(map[string]resend, len(t.peers))
	for _, p := range t.peers {
		c.send(Message{Type: MsgDecide, GID: t.gid, To: p.Name, Addr: p.Address, Commit: true})
		t.resend[p.Name] = resend{at: now.Add(c.jitter(c.cfg.ResendInterval)), interval: c.cfg.ResendInterval}
	}
}

// jitter returns d scaled by a factor in [0.8, 1.2).
func (c *Coordinator) jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.8 + 0.4*c.rnd.Float64()))
}

func (c *Coordinator) send(m Message) {
	m.From = CoordinatorName
	c.rd.Msgs = append(c.rd.Msgs, m)
}

func (c *Coordinator) reply(gid string, o Outcome, peer, reason string) {
	c.replyErr(gid, o, peer, reason, nil)
}

func (c *Coordinator) replyErr(gid string, o Outcome, peer, reason string, err error) {
	c.send(Message{Type: MsgResult, GID: gid, To: ClientName, Outcome: o, Peer: peer, Reason: reason, Err: err})
}

// abort ends t as aborted: nothing is logged (presumed abort); the participants are told so
// that they release their locks at once, but need not acknowledge.
func (c *Coordinator) abort(t *coordTx, peer, reason string, err error) {
	for _, p := range t.peers {
		c.send(Message{Type: MsgDecide, GID: t.gid, To: p.Name, Addr: p.Address, Commit: false})
	}
	delete(c.txs, t.gid)
	c.replyErr(t.gid, Aborted, peer, reason, err)
}

// Step feeds a message from a participant or the client.
func (c *Coordinator) Step(m Message, now time.Time) {
	t := c.txs[m.GID]
	switch m.Type {
	case MsgCommit:
		switch {
		case t == nil:
			c.reply(m.GID, Aborted, "", c.unknownReason(m.GID))
		case t.state == cActive:
			t.state = cCollecting
			t.deadline = now.Add(c.cfg.VoteTimeout)
			t.votes = make(map[string]bool, len(t.peers))
			for _, p := range t.peers {
				c.send(Message{Type: MsgPrepare, GID: t.gid, To: p.Name, Addr: p.Address, Peers: slices.Clone(t.peers), Work: t.work[p.Name]})
			}
		case t.state == cCommitted:
			c.reply(m.GID, Committed, "", "")
		}
		// Collecting, logging, failed: the answer comes when the state changes.
	case MsgAbort:
		switch {
		case t == nil:
			c.reply(m.GID, Aborted, "", "")
		case t.state == cActive || t.state == cCollecting:
			c.abort(t, ClientName, "aborted by the client: "+m.Reason, nil)
		case t.state == cCommitted:
			c.reply(m.GID, Committed, "", "already committed")
		}
	case MsgVote:
		switch {
		case t != nil && t.state == cCollecting && t.hasPeer(m.From):
			if !m.Yes {
				c.abort(t, m.From, "participant "+m.From+" voted no: "+m.Reason, m.Err)
				return
			}
			t.votes[m.From] = true
			if len(t.votes) == len(t.peers) {
				t.work = nil
				t.state = cLogging
				c.rd.Log = append(c.rd.Log, Decision{GID: t.gid, Peers: slices.Clone(t.peers)})
			}
		case t == nil && m.Yes:
			// A late yes for a transaction that aborted (or that an earlier incarnation began):
			// the voter is prepared and must learn the outcome.
			c.send(Message{Type: MsgDecide, GID: m.GID, To: m.From, Addr: m.Addr, Commit: false})
		}
	case MsgUnreachable:
		if t == nil {
			return
		}
		switch m.Failed {
		case MsgPrepare:
			if t.state == cCollecting && t.hasPeer(m.From) {
				c.abort(t, m.From, "participant "+m.From+" did not vote: "+m.Reason, nil)
			}
		case MsgDecide:
			// The resend timer is running; nothing to do now.
		}
	case MsgAck:
		if t == nil || t.state != cCommitted || !t.hasPeer(m.From) {
			return
		}
		t.acked[m.From] = true
		delete(t.resend, m.From)
		if len(t.acked) == len(t.peers) {
			delete(c.txs, t.gid)
			c.rd.Forget = append(c.rd.Forget, t.gid)
		}
	case MsgGetDecision:
		o := Aborted // presumed abort
		if t != nil {
			switch t.state {
			case cCommitted:
				o = Committed
			default:
				o = Undecided
			}
		}
		c.send(Message{Type: MsgDecision, GID: m.GID, To: m.From, Addr: m.Addr, Outcome: o})
	}
}

func (t *coordTx) hasPeer(name string) bool {
	return slices.ContainsFunc(t.peers, func(p Peer) bool { return p.Name == name })
}

// unknownReason explains why a gid is unknown.
func (c *Coordinator) unknownReason(gid string) string {
	name, inc, _, ok := ParseGID(gid)
	switch {
	case !ok:
		return "unknown transaction: malformed gid"
	case name != c.cfg.Name:
		return fmt.Sprintf("unknown transaction: gid was issued by coordinator %q, this is %q", name, c.cfg.Name)
	case inc != c.cfg.Incarnation:
		return fmt.Sprintf("unknown transaction: gid was issued by incarnation %d, the coordinator restarted and runs as %d (presumed abort)", inc, c.cfg.Incarnation)
	}
	return "unknown transaction: never begun, or timed out and aborted"
}

// ParseGID splits a gid issued by a coordinator into its parts.
func ParseGID(gid string) (name string, incarnation, seq uint64, ok bool) {
	parts := strings.Split(gid, ".")
	if len(parts) != 3 || parts[0] == "" {
		return "", 0, 0, false
	}
	inc, err1 := strconv.ParseUint(parts[1], 10, 64)
	s, err2 := strconv.ParseUint(parts[2], 10, 64)
	if err1 != nil || err2 != nil {
		return "", 0, 0, false
	}
	return parts[0], inc, s, true
}

// Logged reports that the decisions for gids are durable (err nil) or that logging them
// failed. A failure leaves their outcome unknown until the coordinator restarts and reads its
// log: the client is told so, and participants asking get Undecided.
func (c *Coordinator) Logged(gids []string, err error, now time.Time) {
	for _, gid := range gids {
		t := c.txs[gid]
		if t == nil || t.state != cLogging {
			continue
		}
		if err != nil {
			t.state = cFailed
			c.send(Message{Type: MsgResult, GID: gid, To: ClientName, Outcome: Undecided, Reason: "the coordinator could not make its decision durable: " + err.Error()})
			continue
		}
		t.state = cCommitted
		c.reply(gid, Committed, "", "")
		c.startResend(t, now)
	}
}

// Tick advances time: active and collecting transactions past their deadline abort, and
// unacknowledged decisions go out again.
func (c *Coordinator) Tick(now time.Time) {
	for _, gid := range c.sortedGIDs() {
		t := c.txs[gid]
		switch t.state {
		case cActive:
			if !now.Before(t.deadline) {
				c.abort(t, "", fmt.Sprintf("no Commit within the active timeout %v", c.cfg.ActiveTimeout), nil)
			}
		case cCollecting:
			if !now.Before(t.deadline) {
				var missing []string
				for _, p := range t.peers {
					if !t.votes[p.Name] {
						missing = append(missing, p.Name)
					}
				}
				c.abort(t, strings.Join(missing, ","), fmt.Sprintf("no vote within the vote timeout %v from %s", c.cfg.VoteTimeout, strings.Join(missing, ",")), nil)
			}
		case cCommitted:
			for _, p := range t.peers {
				r, ok := t.resend[p.Name]
				if !ok || now.Before(r.at) {
					continue
				}
				c.send(Message{Type: MsgDecide, GID: t.gid, To: p.Name, Addr: p.Address, Commit: true})
				iv := min(2*r.interval, c.cfg.MaxResendInterval)
				t.resend[p.Name] = resend{at: now.Add(c.jitter(iv)), interval: iv}
			}
		}
	}
}

func (c *Coordinator) sortedGIDs() []string {
	gids := make([]string, 0, len(c.txs))
	for g := range c.txs {
		gids = append(gids, g)
	}
	slices.Sort(gids)
	return gids
}

// Ready returns what the driver must do now and clears it.
func (c *Coordinator) Ready() CoordinatorReady {
	rd := c.rd
	c.rd = CoordinatorReady{}
	return rd
}

// CoordinatorStatus is a snapshot of the core for status pages and tests.
type CoordinatorStatus struct {
	Active, Collecting, Logging, Committed, Failed int
	Unacked                                        map[string][]string // committed gid -> participants yet to acknowledge
}

// Status reports how many transactions are in each state.
func (c *Coordinator) Status() CoordinatorStatus {
	s := CoordinatorStatus{Unacked: map[string][]string{}}
	for gid, t := range c.txs {
		switch t.state {
		case cActive:
			s.Active++
		case cCollecting:
			s.Collecting++
		case cLogging:
			s.Logging++
		case cCommitted:
			s.Committed++
			var un []string
			for _, p := range t.peers {
				if !t.acked[p.Name] {
					un = append(un, p.Name)
				}
			}
			s.Unacked[gid] = un
		case cFailed:
			s.Failed++
		}
	}
	return s
}

// describe renders the state of every transaction, for the scripted tests.
func (c *Coordinator) describe(now time.Time) string {
	var b strings.Builder
	for _, gid := range c.sortedGIDs() {
		t := c.txs[gid]
		fmt.Fprintf(&b, "%s %s", gid, t.state)
		switch t.state {
		case cActive, cCollecting:
			fmt.Fprintf(&b, " deadline=+%v", t.deadline.Sub(now))
			if t.state == cCollecting {
				var yes []string
				for _, p := range t.peers {
					if t.votes[p.Name] {
						yes = append(yes, p.Name)
					}
				}
				fmt.Fprintf(&b, " yes=(%s)", strings.Join(yes, ","))
			}
		case cCommitted:
			for _, p := range t.peers {
				if t.acked[p.Name] {
					fmt.Fprintf(&b, " %s=acked", p.Name)
				} else {
					fmt.Fprintf(&b, " %s=resend@+%v", p.Name, t.resend[p.Name].at.Sub(now).Round(time.Millisecond))
				}
			}
		}
		b.WriteByte('\n')
	}
	if b.Len() == 0 {
		return "no transactions\n"
	}
	return b.String()
}
