package replica

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The property test: random interleavings of calls, retries, deliveries, drops, duplicates,
// reorderings, crashes, cut-off primaries, view changes, joins and checkpoints, against a
// manager that follows the rules the package doc asks of it. Checked at every step: members
// agree on the committed prefix of the history and no member ever applies an update twice.
// Checked at the end, after the network heals: every member of the final view has the same
// state, and it holds every acknowledged update exactly once (with the reply it was
// acknowledged with).
//
//	go test ./replica -run TestRandomInterleavings -sim.runs=2000
//	go test ./replica -run TestRandomInterleavings -sim.seed=12345 -v   (replay one run)

var (
	simRuns = flag.Int("sim.runs", 300, "random interleavings to run")
	simSeed = flag.Uint64("sim.seed", 0, "replay only this seed")
)

func TestRandomInterleavings(t *testing.T) {
	for _, cold := range []bool{false, true} {
		name := "warm"
		if cold {
			name = "cold"
		}
		t.Run(name, func(t *testing.T) {
			var st simStats
			if *simSeed != 0 {
				runSim(t, *simSeed, cold, true, &st)
				t.Log(st)
				return
			}
			base := uint64(time.Now().UnixNano())
			for i := range *simRuns {
				seed := base + uint64(i)
				if !runSim(t, seed, cold, false, &st) {
					t.Fatalf("seed %d failed: replay with go test ./replica -run TestRandomInterleavings/%s -sim.seed=%d -v", seed, name, seed)
				}
			}
			t.Logf("%d runs from seed %d: %s", *simRuns, base, st)
		})
	}
}

const simLease = time.Second

type simNode struct {
	id      string
	r       *Replica   // a running member, or
	h       *LogHolder // the log holder of a cold member (COLD_PASSIVE)
	app     []string
	seen    map[string]bool // payloads applied since the last install (duplicate check)
	joining bool            // fetching, not in a view yet
	cutOff  bool            // the manager cannot reach it (no views, no leases)
	held    []simHeld       // tickets begun, not executed yet
	dirty   bool            // an execution was refused: the next Ready must roll back
	reads   []simRead       // reads waiting for the commit point
}

// simRead is a read the primary executed: what it saw, and what had been acknowledged when
// it began. Once released it must show exactly the committed history up to its barrier (no
// update that a failover could lose), including every update acknowledged before it began
// (no stale read).
type simRead struct {
	at          string
	barrier     uint64
	observed    []string
	ackedBefore []string
}

type simHeld struct {
	t       Ticket
	payload string
}

type simClient struct {
	id      string
	next    uint64
	pending *simReq
}

type simReq struct {
	id      RequestID
	payload string
}

type sim struct {
	t       *testing.T
	rnd     *rand.Rand
	seed    uint64
	verbose bool
	cold    bool // COLD_PASSIVE: one running primary, the backups are log holders
	now     time.Time
	nodes   map[string]*simNode
	net     []Message
	view    View
	nextID  int
	// The manager's knowledge.
	promotable map[string]bool // reported CaughtUp by a primary
	suspectAt  time.Time       // the primary was cut off at (zero: no suspicion)
	// Clients and what they were told.
	clients []*simClient
	acked   map[string]string // payload -> reply
	history []string          // the committed prefix every member must agree with
	failed  string
	steps   int
	stats   *simStats
	// Reads released to their callers, checked against the history at the end of the step.
	released []simRead
}

// simStats shows that the runs exercise what they claim to.
type simStats struct {
	acked, crashedPrimaries, cutOffPrimaries, refusedExecutions, installs, joinsByFetch, omissionFaults, checkpoints, reads int
}

func (st simStats) String() string {
	return fmt.Sprintf("%d acknowledged calls, %d reads, %d primaries crashed, %d cut off, %d executions refused and rolled back, %d checkpoints installed, %d taken, %d joins by transfer, %d omission faults",
		st.acked, st.reads, st.crashedPrimaries, st.cutOffPrimaries, st.refusedExecutions, st.installs, st.checkpoints, st.joinsByFetch, st.omissionFaults)
}

func runSim(t *testing.T, seed uint64, cold, verbose bool, st *simStats) (ok bool) {
	s := &sim{t: t, stats: st, cold: cold, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), seed: seed, verbose: verbose,
		now: scriptEpoch, nodes: map[string]*simNode{}, promotable: map[string]bool{}, acked: map[string]string{}}
	defer func() {
		if p := recover(); p != nil {
			s.failed = fmt.Sprintf("panic: %v\n%s", p, debug.Stack())
		}
		if s.failed != "" {
			t.Errorf("seed %d, step %d: %s", seed, s.steps, s.failed)
			ok = false
		}
	}()
	for i := range 3 {
		s.clients = append(s.clients, &simClient{id: "c" + strconv.Itoa(i)})
	}
	var first []Member
	for i := range 3 {
		if cold && i > 0 {
			first = append(first, Member{ID: s.newHolder().id, Cold: true})
			continue
		}
		first = append(first, Member{ID: s.newNode().id})
	}
	s.setView(first[0].ID, first)
	for s.steps = 0; s.steps < 400 && s.failed == ""; s.steps++ {
		s.step()
		s.process()
		s.check()
	}
	if s.failed == "" {
		s.heal()
	}
	return s.failed == ""
}

func (s *sim) logf(format string, args ...any) {
	if s.verbose {
		s.t.Logf("%5d %s "+format, append([]any{s.steps, s.now.Sub(scriptEpoch)}, args...)...)
	}
}

func (s *sim) fail(format string, args ...any) {
	if s.failed == "" {
		s.failed = fmt.Sprintf(format, args...)
	}
}

func (s *sim) newNode() *simNode {
	s.nextID++
	return s.startNode("m" + strconv.Itoa(s.nextID))
}

func (s *sim) newHolder() *simNode {
	s.nextID++
	hc := DefaultHolderConfig("g", "m"+strconv.Itoa(s.nextID))
	hc.MaxBufferedMessages = s.rnd.IntN(8)
	h, err := NewLogHolder(hc, HolderState{})
	if err != nil {
		s.t.Fatal(err)
	}
	n := &simNode{id: hc.ID, h: h}
	s.nodes[n.id] = n
	s.logf("new holder %s", n.id)
	return n
}

// startNode starts a member process with id.
func (s *sim) startNode(id string) *simNode {
	cfg := testConfig(id)
	cfg.AckTimeout = 300 * time.Millisecond
	cfg.CatchUpTimeout = time.Second
	cfg.RetransmitInterval = 50 * time.Millisecond
	cfg.CheckpointInterval = time.Duration(200+s.rnd.IntN(800)) * time.Millisecond
	cfg.MaxAppendEntries = 1 + s.rnd.IntN(4)
	cfg.MaxInflightEntries = cfg.MaxAppendEntries * (1 + s.rnd.IntN(8))
	cfg.MaxBufferedMessages = s.rnd.IntN(8)
	r, err := New(cfg)
	if err != nil {
		s.t.Fatal(err)
	}
	n := &simNode{id: cfg.ID, r: r, seen: map[string]bool{}}
	s.nodes[n.id] = n
	s.logf("new %s", n.id)
	s.processNode(n) // the initial checkpoint
	return n
}

// setView is the manager making a view: every reachable member gets it.
func (s *sim) setView(primary string, members []Member) {
	s.view = View{Epoch: s.view.Epoch + 1, Version: s.view.Version + 1, Primary: primary, Members: slices.Clone(members)}
	// A member out of the view misses what is committed without it: it must be reported
	// caught up again before it may be promoted.
	for id := range s.promotable {
		if !s.view.has(id) {
			delete(s.promotable, id)
		}
	}
	s.logf("view %s", s.view)
	for _, n := range s.sortedNodes() {
		if !n.cutOff && n.r != nil {
			n.r.SetView(s.view, s.now)
		}
	}
}

func (s *sim) sortedNodes() []*simNode {
	var out []*simNode
	for _, id := range slicesSortedKeys(s.nodes) {
		out = append(out, s.nodes[id])
	}
	return out
}

func slicesSortedKeys(m map[string]*simNode) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b string) int {
		ai, _ := strconv.Atoi(a[1:])
		bi, _ := strconv.Atoi(b[1:])
		return ai - bi
	})
	return ks
}

func (s *sim) inView(id string) bool { return s.view.has(id) }

func (s *sim) step() {
	s.now = s.now.Add(time.Duration(s.rnd.IntN(40)) * time.Millisecond)
	// The manager renews the primary's lease (unless it cannot reach it).
	if p := s.nodes[s.view.Primary]; p != nil && !p.cutOff && s.rnd.IntN(3) == 0 {
		p.r.SetLease(Lease{Requested: s.now, Duration: simLease}, s.now)
	}
	s.manage()
	switch x := s.rnd.IntN(100); {
	case x < 16:
		s.clientCall()
	case x < 20:
		s.read()
	case x < 55:
		s.deliver()
	case x < 60:
		if len(s.net) > 0 {
			i := s.rnd.IntN(len(s.net))
			s.logf("drop %s", s.net[i])
			s.net = slices.Delete(s.net, i, i+1)
		}
	case x < 63:
		if len(s.net) > 0 {
			s.net = append(s.net, s.net[s.rnd.IntN(len(s.net))])
		}
	case x < 78:
		s.tick()
	case x < 82:
		s.executeHeld()
	case x < 84:
		s.crashBackup()
	case x < 86:
		s.crashPrimary()
	case x < 87:
		s.cutOffPrimary()
	case x < 89:
		s.join()
	case x < 90:
		s.rejoin()
	default:
		s.now = s.now.Add(time.Duration(s.rnd.IntN(300)) * time.Millisecond)
	}
}

// manage is the manager's repair loop: promote after the lease of a cut-off primary surely
// expired, add joiners that caught up, keep at least two members.
func (s *sim) manage() {
	if !s.suspectAt.IsZero() && !s.now.Before(s.suspectAt.Add(time.Duration(float64(simLease)*1.01))) {
		s.promote(s.view.Primary)
		return
	}
	for _, n := range s.sortedNodes() {
		if n.joining && n.r.Status().CaughtUp && !s.inView(n.id) && len(s.view.Members) < 5 {
			n.joining = false
			s.stats.joinsByFetch++
			s.setView(s.view.Primary, append(s.view.Members, Member{ID: n.id}))
		}
	}
}

// promote removes gone (the primary) and makes the first promotable member primary. Only a
// member some primary reported caught up holds every committed entry.
func (s *sim) promote(gone string) {
	var rest []Member
	next := ""
	for _, m := range s.view.Members {
		if m.ID == gone {
			continue
		}
		rest = append(rest, m)
		if next == "" && s.promotable[m.ID] && s.nodes[m.ID] != nil {
			next = m.ID
		}
	}
	if next == "" {
		s.fail("no promotable member left in %s", s.view)
		return
	}
	s.suspectAt = time.Time{}
	if s.cold {
		for i := range rest {
			if rest[i].ID == next {
				rest[i].Cold = false
			}
		}
	}
	s.setView(next, rest)
	if s.cold {
		s.takeover(next)
	}
}

// takeover: the agent at a cold member's location starts it; it fences the holder there
// with the new epoch and rolls forward from what the holder kept.
func (s *sim) takeover(id string) {
	h := s.nodes[id].h
	n := s.startNode(id)
	n.r.SetView(s.view, s.now)
	st, err := h.Restore(n.r.Status().Epoch, s.now)
	if err != nil {
		s.fail("restore %s: %v", id, err)
		return
	}
	h.Ready() // the holder is gone once its member runs: nothing of it is sent any more
	if err := n.r.Restore(st, s.now); err != nil {
		s.fail("restore %s: %v", id, err)
	}
	s.logf("takeover %s from checkpoint %s and %d entries", id, fmtCheckpoint(st.Checkpoint), len(st.Entries))
}

func (s *sim) tick() {
	for _, n := range s.sortedNodes() {
		if n.r != nil {
			n.r.Tick(s.now)
		}
	}
}

func (s *sim) clientCall() {
	c := s.clients[s.rnd.IntN(len(s.clients))]
	if c.pending == nil {
		c.next++
		c.pending = &simReq{id: RequestID{ClientID: c.id, RetentionID: c.next}, payload: fmt.Sprintf("%s.%d", c.id, c.next)}
	}
	// Mostly to the primary of the manager's view, sometimes to anyone (a stale client).
	to := s.view.Primary
	if s.rnd.IntN(5) == 0 {
		ids := slicesSortedKeys(s.nodes)
		to = ids[s.rnd.IntN(len(ids))]
	}
	n := s.nodes[to]
	if n == nil || n.r == nil {
		return
	}
	req := c.pending
	a, err := n.r.Begin(Request{ID: req.id}, s.now)
	if err != nil {
		s.logf("call %s at %s: %v", req.id, n.id, err)
		return
	}
	switch a.Decision {
	case Answer:
		s.ack(req.id, a.Cached.Reply)
	case Execute:
		if s.rnd.IntN(4) == 0 {
			n.held = append(n.held, simHeld{t: a.Ticket, payload: req.payload})
			return
		}
		s.execute(n, a.Ticket, req.payload)
	}
}

func (s *sim) executeHeld() {
	for _, n := range s.sortedNodes() {
		if len(n.held) > 0 {
			h := n.held[0]
			n.held = n.held[1:]
			s.execute(n, h.t, h.payload)
			return
		}
	}
}

// execute runs the handler (it appends to the state), then reports it. An execution on a
// member deposed since Begin is refused and must be rolled back by the next Ready: until
// then the state holds an update that no log has, which nobody may observe.
func (s *sim) execute(n *simNode, t Ticket, payload string) {
	dup := n.seen[payload]
	n.app = append(n.app, payload)
	seq, err := n.r.Executed(t, Execution{Kind: EntryUpdate, Payload: []byte(payload), Reply: []byte("ok:" + payload)}, s.now)
	s.logf("executed %s at %s: seq %d %v", t.Request, n.id, seq, err)
	if err != nil {
		n.dirty = true
		s.stats.refusedExecutions++
		return
	}
	if dup {
		s.fail("%s executes %s twice", n.id, payload)
	}
	n.seen[payload] = true
}

func (s *sim) ack(id RequestID, reply []byte) {
	for _, c := range s.clients {
		if c.pending != nil && c.pending.id == id {
			if want := "ok:" + c.pending.payload; string(reply) != want {
				s.fail("%s acknowledged with %q, want %q", id, reply, want)
			}
			s.acked[c.pending.payload] = string(reply)
			s.stats.acked++
			s.logf("acked %s", id)
			c.pending = nil
		}
	}
}

func (s *sim) deliver() {
	if len(s.net) == 0 {
		return
	}
	i := s.rnd.IntN(len(s.net))
	if s.rnd.IntN(3) > 0 {
		i = 0 // mostly in order
	}
	m := s.net[i]
	s.net = slices.Delete(s.net, i, i+1)
	s.stepMsg(m)
}

func (s *sim) stepMsg(m Message) {
	n := s.nodes[m.To]
	if n == nil {
		return
	}
	if n.h != nil {
		if err := n.h.Step(m, s.now); err != nil {
			s.logf("%s: %v", m, err)
		}
		return
	}
	err := n.r.Step(m, s.now)
	if err != nil {
		s.logf("%s: %v", m, err)
	} else {
		s.logf("%s", m)
	}
	if m.Type == MsgFetch && err != nil {
		// The Transfer call fails: the joiner asks the manager's primary again later.
		if j := s.nodes[m.From]; j != nil && j.joining {
			j.r.Fetch(s.view.Primary, s.now)
		}
	}
}

func (s *sim) crashBackup() {
	var backups []Member
	for _, m := range s.view.Members {
		if m.ID != s.view.Primary {
			backups = append(backups, m)
		}
	}
	if len(backups) == 0 || len(s.view.Members) <= 2 || !s.suspectAt.IsZero() {
		return
	}
	gone := backups[s.rnd.IntN(len(backups))].ID
	s.crash(gone)
	s.setView(s.view.Primary, slices.DeleteFunc(slices.Clone(s.view.Members), func(m Member) bool { return m.ID == gone }))
}

func (s *sim) crashPrimary() {
	if !s.suspectAt.IsZero() || !s.hasPromotableBackup() {
		return
	}
	gone := s.view.Primary
	s.stats.crashedPrimaries++
	s.crash(gone)
	s.promote(gone) // certain: the agent reaped it, no need to wait for the lease
}

// cutOffPrimary: the primary loses the manager (not the other members). The manager stops
// renewing its lease and replaces it once the lease surely expired; until then it may still
// serve, and after that it is fenced by the epoch.
func (s *sim) cutOffPrimary() {
	if !s.suspectAt.IsZero() || !s.hasPromotableBackup() {
		return
	}
	p := s.nodes[s.view.Primary]
	p.cutOff = true
	s.stats.cutOffPrimaries++
	s.suspectAt = s.now
	s.logf("cut off %s", p.id)
}

func (s *sim) hasPromotableBackup() bool {
	for _, m := range s.view.Members {
		if m.ID != s.view.Primary && s.promotable[m.ID] && s.nodes[m.ID] != nil {
			return true
		}
	}
	return false
}

func (s *sim) crash(id string) {
	s.logf("crash %s", id)
	delete(s.nodes, id)
	delete(s.promotable, id)
	s.net = slices.DeleteFunc(s.net, func(m Message) bool { return m.To == id })
}

// join starts a new member: it fetches the primary's state, and the manager adds it once it
// caught up; or (half the time) the manager adds it at once and the primary catches it up.
func (s *sim) join() {
	if len(s.nodes) >= 6 {
		return
	}
	if s.cold {
		n := s.newHolder()
		s.setView(s.view.Primary, append(s.view.Members, Member{ID: n.id, Cold: true}))
		return
	}
	n := s.newNode()
	if s.rnd.IntN(2) == 0 {
		n.joining = true
		n.r.Fetch(s.view.Primary, s.now)
		return
	}
	if n := s.nodes[s.view.Primary]; n == nil {
		return
	}
	s.setView(s.view.Primary, append(s.view.Members, Member{ID: n.id}))
}

// rejoin brings a member that was removed (a cut-off old primary, a backup reported for an
// omission) back as a backup: its state may include updates that were never committed, which
// it must roll back, and it lacks what was committed without it.
func (s *sim) rejoin() {
	for _, n := range s.sortedNodes() {
		if !n.joining && s.suspectAt.IsZero() && !s.inView(n.id) && len(s.view.Members) < 5 {
			if s.cold && n.h == nil {
				continue // in COLD_PASSIVE a deposed primary's process is stopped, not re-added
			}
			n.cutOff = false
			s.setView(s.view.Primary, append(s.view.Members, Member{ID: n.id, Cold: n.h != nil}))
			return
		}
	}
}

// process handles every node's Ready as a driver would.
func (s *sim) process() {
	for range 50 {
		any := false
		for _, n := range s.sortedNodes() {
			if n.h != nil && n.h.HasReady() {
				any = true
				s.net = append(s.net, n.h.Ready().Msgs...) // persisting is a no-op here
			}
			if n.r != nil && n.r.HasReady() {
				any = true
				s.processNode(n)
			}
		}
		if !any {
			return
		}
	}
	s.fail("Ready does not settle")
}

func (s *sim) processNode(n *simNode) {
	rd := n.r.Ready()
	if n.dirty && rd.Install == nil {
		s.fail("%s: an execution was refused, and Ready does not roll it back", n.id)
	}
	n.dirty = false
	if ck := rd.Install; ck != nil {
		s.stats.installs++
		n.app = splitState(ck.State)
		n.seen = map[string]bool{}
		for _, p := range n.app {
			if n.seen[p] {
				s.fail("%s installed a checkpoint that holds %s twice", n.id, p)
			}
			n.seen[p] = true
		}
	}
	for _, e := range rd.Apply {
		if uint64(len(n.app)) != e.Seq-1 {
			s.fail("%s applies seq %d on a state of %d updates", n.id, e.Seq, len(n.app))
		}
		s.applyOne(n, string(e.Payload))
	}
	n.r.Advance(rd)
	if rd.SoftState != nil && rd.SoftState.Role != RolePrimary {
		n.reads = nil // failed with ErrNotPrimary
	}
	n.reads = slices.DeleteFunc(n.reads, func(r simRead) bool {
		if r.barrier <= rd.Commit {
			s.released = append(s.released, r)
			return true
		}
		return false
	})
	for _, f := range rd.Faults {
		if f.Kind == OmissionFault {
			s.stats.omissionFaults++
			// The manager removes a backup reported by the current primary (half the time:
			// the other half it was removed for another reason already, say).
			if n.id == s.view.Primary && f.Epoch == s.view.Epoch && s.view.has(f.Member) && s.suspectAt.IsZero() && s.rnd.IntN(2) == 0 {
				s.logf("remove %s: %s", f.Member, f)
				s.setView(s.view.Primary, slices.DeleteFunc(slices.Clone(s.view.Members), func(m Member) bool { return m.ID == f.Member }))
			}
		}
	}
	if p := rd.TakeCheckpoint; p != nil {
		if p.Seq > 0 {
			s.stats.checkpoints++
		}
		if err := n.r.CheckpointTaken(p.Seq, []byte(strings.Join(n.app, ",")), s.now); err != nil {
			s.fail("%s: checkpoint: %v", n.id, err)
		}
	}
	for _, m := range rd.Msgs {
		if m.Transfer {
			// A Transfer stream: in order, now (or lost whole, when the joiner is gone).
			s.stepMsg(m)
			continue
		}
		s.net = append(s.net, m)
	}
	for _, r := range rd.Replies {
		if r.Err == nil {
			s.ack(r.Request, r.Reply)
		}
	}
	if n.id == s.view.Primary && n.r.Status().Epoch == s.view.Epoch {
		for _, id := range rd.CaughtUp {
			s.logf("%s reports %s caught up", n.id, id)
			s.promotable[id] = true
		}
	}
}

func (s *sim) applyOne(n *simNode, payload string) {
	if n.seen[payload] {
		s.fail("%s applies %s twice", n.id, payload)
	}
	n.seen[payload] = true
	n.app = append(n.app, payload)
}

// read runs a read at the manager's primary (sometimes at another member).
func (s *sim) read() {
	to := s.view.Primary
	if s.rnd.IntN(4) == 0 {
		ids := slicesSortedKeys(s.nodes)
		to = ids[s.rnd.IntN(len(ids))]
	}
	n := s.nodes[to]
	if n == nil || n.r == nil {
		return
	}
	seq, err := n.r.Read(0, s.now)
	if err != nil {
		return
	}
	if uint64(len(n.app)) != seq {
		s.fail("%s reads a state of %d updates at seq %d", n.id, len(n.app), seq)
		return
	}
	r := simRead{at: n.id, barrier: seq, observed: slices.Clone(n.app)}
	for p := range s.acked {
		r.ackedBefore = append(r.ackedBefore, p)
	}
	s.stats.reads++
	if n.r.Status().Commit >= seq {
		s.released = append(s.released, r)
		return
	}
	n.reads = append(n.reads, r)
}

// check: every member's committed prefix agrees with every other's.
func (s *sim) check() {
	defer s.checkReads()
	for _, n := range s.sortedNodes() {
		if n.r == nil {
			continue
		}
		st := n.r.Status()
		c := min(st.Commit, uint64(len(n.app)), st.Applied)
		for i := range c {
			switch {
			case i < uint64(len(s.history)):
				if s.history[i] != n.app[i] {
					s.fail("%s has %s at seq %d, committed elsewhere: %s", n.id, n.app[i], i+1, s.history[i])
					return
				}
			default:
				s.history = append(s.history, n.app[i])
			}
		}
	}
}

func (s *sim) checkReads() {
	for _, r := range s.released {
		if uint64(len(s.history)) < r.barrier {
			s.fail("a read at %s released at seq %d, beyond the committed history (%d)", r.at, r.barrier, len(s.history))
			return
		}
		if !slices.Equal(r.observed, s.history[:r.barrier]) {
			s.fail("a read at %s saw %v, the committed history is %v", r.at, r.observed, s.history[:r.barrier])
			return
		}
		for _, p := range r.ackedBefore {
			if !slices.Contains(r.observed, p) {
				s.fail("stale read at %s: %s was acknowledged before the read began, and the read saw %v", r.at, p, r.observed)
				return
			}
		}
	}
	s.released = nil
}

// heal stops the faults and runs until everything is delivered and every member of the view
// has applied everything; then checks the final states.
func (s *sim) heal() {
	s.logf("heal")
	if !s.suspectAt.IsZero() {
		s.now = s.suspectAt.Add(2 * simLease)
		s.manage()
	}
	for _, n := range s.sortedNodes() {
		if n.cutOff || (!s.inView(n.id) && !n.joining) {
			s.crash(n.id) // out of the group for good
		}
	}
	if s.nodes[s.view.Primary] == nil || s.nodes[s.view.Primary].r == nil {
		s.fail("the primary of %s is gone", s.view)
		return
	}
	for _, n := range s.sortedNodes() {
		for _, h := range n.held {
			s.execute(n, h.t, h.payload)
		}
		n.held = nil
	}
	for round := 0; ; round++ {
		if round > 3000 {
			var b strings.Builder
			for _, m := range s.view.Members {
				if n := s.nodes[m.ID]; n.r != nil {
					fmt.Fprintf(&b, "\n  %s: %v", m.ID, n.r.Status())
				} else {
					fmt.Fprintf(&b, "\n  %s: holder %v", m.ID, holderApp(n.h.State()))
				}
			}
			for _, c := range s.clients {
				if c.pending != nil {
					fmt.Fprintf(&b, "\n  client %s waits for %s", c.id, c.pending.id)
				}
			}
			s.fail("no quiescence after healing: view %s, %d messages in flight%s", s.view, len(s.net), b.String())
			return
		}
		s.now = s.now.Add(25 * time.Millisecond)
		p := s.nodes[s.view.Primary]
		p.r.SetLease(Lease{Requested: s.now, Duration: simLease}, s.now)
		s.tick()
		s.manage()
		for i := 0; len(s.net) > 0; i++ {
			if i > 100000 {
				s.fail("livelock: messages keep coming with the clock stopped: %v", s.net[:min(len(s.net), 6)])
				return
			}
			m := s.net[0]
			s.net = s.net[1:]
			s.stepMsg(m)
			s.process()
		}
		for _, c := range s.clients {
			if c.pending != nil {
				s.clientCallTo(c, p)
			}
		}
		s.process()
		s.check()
		if s.failed != "" {
			return
		}
		if s.quiet(p) {
			break
		}
	}
	final := s.nodes[s.view.Primary].app
	for _, m := range s.view.Members {
		n := s.nodes[m.ID]
		if n.h != nil {
			if got := holderApp(n.h.State()); !slices.Equal(got, final) {
				s.fail("after healing the holder of %s rolls forward to %v, primary %s has %v", n.id, got, s.view.Primary, final)
				return
			}
			continue
		}
		if !slices.Equal(n.app, final) {
			s.fail("after healing %s has %v, primary %s has %v", n.id, n.app, s.view.Primary, final)
			return
		}
	}
	count := map[string]int{}
	for _, p := range final {
		count[p]++
	}
	for p := range s.acked {
		if count[p] != 1 {
			s.fail("acknowledged update %s is in the final state %d times: %v", p, count[p], final)
			return
		}
	}
	s.logf("final %v, %d acknowledged", final, len(s.acked))
}

func (s *sim) clientCallTo(c *simClient, n *simNode) {
	a, err := n.r.Begin(Request{ID: c.pending.id}, s.now)
	if err != nil {
		var re *RedirectError
		if !errors.As(err, &re) && !errors.Is(err, ErrNotReady) && !errors.Is(err, ErrNoLease) {
			s.fail("retry of %s after healing: %v", c.pending.id, err)
		}
		return
	}
	switch a.Decision {
	case Answer:
		s.ack(c.pending.id, a.Cached.Reply)
	case Execute:
		s.execute(n, a.Ticket, c.pending.payload)
	}
}

func (s *sim) quiet(p *simNode) bool {
	if len(s.net) > 0 {
		return false
	}
	for _, c := range s.clients {
		if c.pending != nil {
			return false
		}
	}
	ps := p.r.Status()
	if !ps.Serving || ps.Commit != ps.Last.Seq {
		return false
	}
	for _, m := range s.view.Members {
		n := s.nodes[m.ID]
		if n.h != nil {
			if hs := n.h.State(); uint64(len(holderApp(hs))) != ps.Last.Seq || hs.Epoch != ps.Epoch {
				return false
			}
			continue
		}
		st := n.r.Status()
		if st.Applied != ps.Last.Seq || st.Epoch != ps.Epoch {
			return false
		}
	}
	return true
}

// holderApp is the state a member restored from st would have.
func holderApp(st HolderState) []string {
	var app []string
	if st.Checkpoint != nil {
		app = splitState(st.Checkpoint.State)
	}
	for _, e := range st.Entries {
		app = append(app, string(e.Payload))
	}
	return app
}
