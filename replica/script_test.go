package replica

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/internal/scripttest"
)

// The scripted interaction tests, in the etcd-raft style: each file in testdata/ is a sequence
// of commands, each followed by "----" and the output it must produce, then a blank line.
// Run with -rewrite to regenerate the expected outputs, then review the diff:
//
//	go test ./replica -run TestScripts -rewrite
//
// Times are offsets from the script's start; the clock only moves with `time`. After every
// command the harness handles the Ready of every node (sorted by name) as a driver would:
// SetState, apply (the test application's state is the list of applied payloads), take a
// checkpoint when asked (GetState joins the list with ","), queue messages, print replies,
// faults and role changes. Messages wait in one network queue until delivered or dropped.
//
//	config Key=V ...                     for the nodes made next: ack= catchup= retransmit=
//	                                     checkpoint= retention= lease=on|off batch= window=
//	                                     buffer=
//	new m1 m2 ...                        fresh members (their first Ready takes the initial
//	                                     checkpoint)
//	holder m3                            a log holder for cold member m3 (a node named m3)
//	crash m1                             the node is gone: its queued messages too
//	time D                               set the clock to D
//	view primary=P members=A,B,C [cold=C] [epoch=N] [version=N] [to=A,B]
//	                                     the manager's view (epoch: last+1, version: last+1),
//	                                     given to every member node (or to=, to=none)
//	lease M [for=D] [at=D]               a lease requested at at (default now) for D (10s)
//	call M client/ret [payload=X] [exp=D] [version=N] [hold]
//	                                     Begin; on Execute the app appends X (default the
//	                                     request id) and Executed logs it (hold: keep the
//	                                     ticket, execute later with exec)
//	call M - payload=X                   a call without request id
//	exec M client/ret | abandon M client/ret
//	read M [version=N]
//	deliver [from=A] [to=B] [type=T] [first=S] [n=N] [rev] [dup] [corrupt]
//	                                     deliver the queued messages that match (first: an
//	                                     append whose first entry is S; n: the first N; rev: in
//	                                     reverse order; dup: twice; corrupt: flip a byte of a
//	                                     checkpoint's state)
//	drop [from=A] [to=B] [type=T] [first=S] [n=N]  lose them
//	stabilize                            deliver everything until the queue is empty
//	msgs                                 the queue
//	tick [M ...]                         Tick the nodes (default: every member)
//	fetch M from=P                       M asks P for a state transfer
//	restore M                            COLD_PASSIVE takeover: holder node M is replaced by a
//	                                     fresh member M that takes the latest view, fences
//	                                     the holder at its epoch and restores from it
//	hold M | ready M                     stop handling M's Ready (a slow driver) | resume
//	state M ...                          status, application state, log, reply cache

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of the scripted tests in testdata/")

var scriptEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata/: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			h := &harness{t: t, path: path, now: scriptEpoch, nodes: map[string]*node{}, cfg: testConfig("")}
			scripttest.Run(t, path, *rewrite, "go test ./replica -run TestScripts -rewrite", h.run)
		})
	}
}

// testConfig is the harness's default: leases required, round numbers for timers.
func testConfig(id string) Config {
	c := DefaultConfig("g", id)
	c.AckTimeout = time.Second
	c.CatchUpTimeout = 5 * time.Second
	c.RetransmitInterval = 200 * time.Millisecond
	c.CheckpointInterval = time.Minute
	c.DefaultRetention = time.Hour
	return c
}

// node is one member (r) or log holder (h), with the test application's state.
type node struct {
	name    string
	r       *Replica
	h       *LogHolder
	app     []string
	held    bool // Ready is not handled until "ready"
	tickets map[RequestID]Ticket
	payload map[RequestID]string
	commit  uint64
}

type harness struct {
	t       *testing.T
	path    string
	cur     *scripttest.Cmd
	now     time.Time
	cfg     Config
	nodes   map[string]*node
	queue   []Message
	epoch   uint64
	version uint64
	last    View
	out     *strings.Builder
}

func (h *harness) fatalf(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf("%s:%d: %s: %s", h.path, h.cur.Line, h.cur.Text, fmt.Sprintf(format, args...))
}

func (h *harness) printf(format string, args ...any) { fmt.Fprintf(h.out, format+"\n", args...) }

func (h *harness) dur(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		h.fatalf("%q: %v", s, err)
	}
	return d
}

func (h *harness) u64(s string) uint64 {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		h.fatalf("%q: %v", s, err)
	}
	return n
}

func (h *harness) node(name string) *node {
	n := h.nodes[name]
	if n == nil {
		h.fatalf("no node %s", name)
	}
	return n
}

func (h *harness) member(name string) *node {
	n := h.node(name)
	if n.r == nil {
		h.fatalf("%s is a log holder", name)
	}
	return n
}

func (h *harness) reqID(s string) RequestID {
	if s == "-" {
		return RequestID{}
	}
	c, r, ok := strings.Cut(s, "/")
	if !ok {
		h.fatalf("request id %q: want client/retention", s)
	}
	return RequestID{ClientID: c, RetentionID: h.u64(r)}
}

func (h *harness) arg(c *scripttest.Cmd, i int) string {
	if i >= len(c.Args) {
		h.fatalf("argument %d missing", i+1)
	}
	return c.Args[i]
}

func (h *harness) run(c *scripttest.Cmd) string {
	h.cur = c
	var b strings.Builder
	h.out = &b
	h.exec(c)
	h.processReady()
	return b.String()
}

func (h *harness) exec(c *scripttest.Cmd) {
	switch c.Name {
	case "config":
		for _, k := range c.Keys {
			v := c.KV[k]
			switch k {
			case "ack":
				h.cfg.AckTimeout = h.dur(v)
			case "catchup":
				h.cfg.CatchUpTimeout = h.dur(v)
			case "retransmit":
				h.cfg.RetransmitInterval = h.dur(v)
			case "checkpoint":
				h.cfg.CheckpointInterval = h.dur(v)
			case "retention":
				h.cfg.DefaultRetention = h.dur(v)
			case "lease":
				h.cfg.LeaseRequired = v == "on"
			case "batch":
				h.cfg.MaxAppendEntries = int(h.u64(v))
			case "window":
				h.cfg.MaxInflightEntries = int(h.u64(v))
			case "appends":
				h.cfg.MaxInflightAppends = int(h.u64(v))
			case "buffer":
				h.cfg.MaxBufferedMessages = int(h.u64(v))
			default:
				h.fatalf("unknown config key %s", k)
			}
		}
	case "new":
		for _, name := range c.Args {
			cfg := h.cfg
			cfg.ID = name
			r, err := New(cfg)
			if err != nil {
				h.fatalf("%v", err)
			}
			h.nodes[name] = &node{name: name, r: r, tickets: map[RequestID]Ticket{}, payload: map[RequestID]string{}}
		}
	case "holder":
		name := h.arg(c, 0)
		hc := DefaultHolderConfig("g", name)
		hc.MaxBufferedMessages = h.cfg.MaxBufferedMessages
		lh, err := NewLogHolder(hc, HolderState{})
		if err != nil {
			h.fatalf("%v", err)
		}
		h.nodes[name] = &node{name: name, h: lh}
	case "crash":
		name := h.arg(c, 0)
		h.node(name)
		delete(h.nodes, name)
		h.queue = slices.DeleteFunc(h.queue, func(m Message) bool { return m.From == name || m.To == name })
	case "time":
		h.now = scriptEpoch.Add(h.dur(h.arg(c, 0)))
	case "view":
		h.view(c)
	case "lease":
		n := h.member(h.arg(c, 0))
		l := Lease{Requested: h.now, Duration: 10 * time.Second}
		if v, ok := c.KV["for"]; ok {
			l.Duration = h.dur(v)
		}
		if v, ok := c.KV["at"]; ok {
			l.Requested = scriptEpoch.Add(h.dur(v))
		}
		n.r.SetLease(l, h.now)
	case "call":
		h.call(c)
	case "exec":
		n := h.member(h.arg(c, 0))
		id := h.reqID(h.arg(c, 1))
		t, ok := n.tickets[id]
		if !ok {
			h.fatalf("no ticket held for %s at %s", id, n.name)
		}
		delete(n.tickets, id)
		h.execute(n, t, n.payload[id])
	case "abandon":
		n := h.member(h.arg(c, 0))
		id := h.reqID(h.arg(c, 1))
		n.r.Abandon(n.tickets[id])
		delete(n.tickets, id)
	case "read":
		n := h.member(h.arg(c, 0))
		var v uint64
		if s, ok := c.KV["version"]; ok {
			v = h.u64(s)
		}
		seq, err := n.r.Read(v, h.now)
		if err != nil {
			h.printf("%s: read: error: %v", n.name, err)
			return
		}
		h.printf("%s: read %v at seq %d (answer once commit >= %d)", n.name, n.app, seq, seq)
	case "deliver", "drop":
		h.deliver(c)
	case "stabilize":
		for i := 0; len(h.queue) > 0; i++ {
			if i > 1000 {
				h.fatalf("no quiescence after 1000 rounds")
			}
			batch := h.queue
			h.queue = nil
			for _, m := range batch {
				h.step(m, false)
			}
			h.processReady()
		}
	case "msgs":
		for _, m := range h.queue {
			h.printf("%s", m)
		}
	case "tick":
		names := c.Args
		if len(names) == 0 {
			names = h.names()
		}
		for _, name := range names {
			if n := h.node(name); n.r != nil {
				n.r.Tick(h.now)
			}
		}
	case "fetch":
		n := h.member(h.arg(c, 0))
		n.r.Fetch(c.KV["from"], h.now)
	case "restore":
		// A COLD_PASSIVE takeover: the agent starts the member at the holder's location; it
		// gets the latest view, fences the holder at its epoch and rolls forward from it.
		name := h.arg(c, 0)
		src := h.node(name)
		if src.h == nil {
			h.fatalf("%s is not a log holder", name)
		}
		cfg := h.cfg
		cfg.ID = name
		r, err := New(cfg)
		if err != nil {
			h.fatalf("%v", err)
		}
		n := &node{name: name, r: r, tickets: map[RequestID]Ticket{}, payload: map[RequestID]string{}}
		h.nodes[name] = n
		h.handleReady(n) // the initial checkpoint
		r.SetView(h.last, h.now)
		st, err := src.h.Restore(r.Status().Epoch, h.now)
		if err != nil {
			h.printf("%s: restore: error: %v", name, err)
			return
		}
		rd := src.h.Ready()
		for _, op := range rd.Persist {
			h.printf("%s (holder): persist %s", name, op)
		}
		h.printf("%s: restore from checkpoint %s and %d entries", name, fmtCheckpoint(st.Checkpoint), len(st.Entries))
		if err := r.Restore(st, h.now); err != nil {
			h.printf("%s: restore: error: %v", name, err)
		}
	case "hold":
		h.member(h.arg(c, 0)).held = true
	case "ready":
		h.member(h.arg(c, 0)).held = false
	case "state":
		for _, name := range c.Args {
			h.state(h.node(name))
		}
	default:
		h.fatalf("unknown command %s", c.Name)
	}
}

func (h *harness) names() []string {
	var out []string
	for name := range h.nodes {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func (h *harness) view(c *scripttest.Cmd) {
	h.epoch++
	h.version++
	if v, ok := c.KV["epoch"]; ok {
		h.epoch = h.u64(v)
	}
	if v, ok := c.KV["version"]; ok {
		h.version = h.u64(v)
	}
	v := View{Epoch: h.epoch, Version: h.version, Primary: c.KV["primary"]}
	cold := map[string]bool{}
	for _, id := range strings.Split(c.KV["cold"], ",") {
		cold[id] = true
	}
	for _, id := range strings.Split(c.KV["members"], ",") {
		if id != "" {
			v.Members = append(v.Members, Member{ID: id, Cold: cold[id]})
		}
	}
	to := v.Members
	if s, ok := c.KV["to"]; ok {
		to = nil
		for _, id := range strings.Split(s, ",") {
			if id != "none" {
				to = append(to, Member{ID: id})
			}
		}
	}
	h.printf("view %s", v)
	h.last = v
	for _, m := range to {
		if n := h.nodes[m.ID]; n != nil && n.r != nil {
			n.r.SetView(v, h.now)
		}
	}
}

func (h *harness) call(c *scripttest.Cmd) {
	n := h.member(h.arg(c, 0))
	id := h.reqID(h.arg(c, 1))
	req := Request{ID: id}
	if v, ok := c.KV["exp"]; ok {
		req.Expiration = scriptEpoch.Add(h.dur(v))
	}
	if v, ok := c.KV["version"]; ok {
		req.ViewVersion = h.u64(v)
	}
	payload := c.KV["payload"]
	if payload == "" {
		payload = id.String()
	}
	a, err := n.r.Begin(req, h.now)
	if err != nil {
		h.printf("%s: call %s: error: %v", n.name, id, err)
		var re *RedirectError
		if errors.As(err, &re) {
			h.printf("%s: redirect to view epoch=%d version=%d primary=%s", n.name, re.View.Epoch, re.View.Version, orDash(re.View.Primary))
		}
		return
	}
	switch a.Decision {
	case Answer:
		h.printf("%s: call %s: answer from cache: seq=%d reply=%q", n.name, id, a.Cached.Seq, a.Cached.Reply)
	case Wait:
		h.printf("%s: call %s: wait for the first execution", n.name, id)
	case Execute:
		if _, hold := c.KV["hold"]; hold || slices.Contains(c.Args, "hold") {
			n.tickets[id] = a.Ticket
			n.payload[id] = payload
			h.printf("%s: call %s: execute (held)", n.name, id)
			return
		}
		h.execute(n, a.Ticket, payload)
	}
}

func (h *harness) execute(n *node, t Ticket, payload string) {
	n.app = append(n.app, payload)
	seq, err := n.r.Executed(t, Execution{Kind: EntryUpdate, Method: "/test.v1.Test/Append", Payload: []byte(payload), Reply: []byte("ok:" + payload)}, h.now)
	if err != nil {
		h.printf("%s: executed %s: error: %v", n.name, t.Request, err)
		return
	}
	h.printf("%s: executed %s as seq %d", n.name, t.Request, seq)
}

func (h *harness) match(c *scripttest.Cmd, m Message) bool {
	if v, ok := c.KV["from"]; ok && m.From != v {
		return false
	}
	if v, ok := c.KV["to"]; ok && m.To != v {
		return false
	}
	if v, ok := c.KV["type"]; ok && m.Type.String() != v {
		return false
	}
	if v, ok := c.KV["first"]; ok && (len(m.Entries) == 0 || m.Entries[0].Seq != h.u64(v)) {
		return false
	}
	return true
}

func (h *harness) deliver(c *scripttest.Cmd) {
	limit := -1
	if v, ok := c.KV["n"]; ok {
		limit = int(h.u64(v))
	}
	var picked, rest []Message
	for _, m := range h.queue {
		if (limit < 0 || len(picked) < limit) && h.match(c, m) {
			picked = append(picked, m)
		} else {
			rest = append(rest, m)
		}
	}
	h.queue = rest
	if c.Name == "drop" {
		for _, m := range picked {
			h.printf("dropped %s", m)
		}
		return
	}
	if slices.Contains(c.Args, "rev") {
		slices.Reverse(picked)
	}
	for _, m := range picked {
		if slices.Contains(c.Args, "corrupt") && m.Checkpoint != nil {
			ck := *m.Checkpoint
			st := []byte(string(ck.State))
			if len(st) == 0 {
				st = []byte{0}
			}
			st[0] ^= 0x20
			ck.State = st
			m.Checkpoint = &ck
		}
		h.step(m, true)
		if slices.Contains(c.Args, "dup") {
			h.step(m, true)
		}
	}
}

func (h *harness) step(m Message, verbose bool) {
	n := h.nodes[m.To]
	if n == nil {
		h.printf("%s (no such node)", m)
		return
	}
	var err error
	if n.r != nil {
		err = n.r.Step(m, h.now)
	} else {
		err = n.h.Step(m, h.now)
	}
	if verbose || err != nil {
		line := m.String()
		if err != nil {
			line += ": error: " + err.Error()
		}
		h.printf("%s", line)
	}
}

// processReady handles every node's Ready as a driver would, until none has any.
func (h *harness) processReady() {
	for round := 0; ; round++ {
		if round > 100 {
			h.fatalf("Ready does not settle")
		}
		any := false
		for _, name := range h.names() {
			n := h.nodes[name]
			if n.r != nil && !n.held && n.r.HasReady() {
				any = true
				h.handleReady(n)
			}
			if n.h != nil && n.h.HasReady() {
				any = true
				rd := n.h.Ready()
				for _, op := range rd.Persist {
					h.printf("%s: persist %s", name, op)
				}
				h.queue = append(h.queue, rd.Msgs...)
				for _, f := range rd.Faults {
					h.printf("%s: fault %s", name, f)
				}
			}
		}
		if !any {
			return
		}
	}
}

func (h *harness) handleReady(n *node) {
	rd := n.r.Ready()
	if s := rd.SoftState; s != nil {
		h.printf("%s: %s", n.name, s)
	}
	if ck := rd.Install; ck != nil {
		n.app = splitState(ck.State)
		h.printf("%s: install %d@%d state=%q replies=%d", n.name, ck.Seq, ck.Epoch, ck.State, len(ck.Replies))
	}
	if len(rd.Apply) > 0 {
		var b strings.Builder
		for i, e := range rd.Apply {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%d@%d:%s", e.Seq, e.Epoch, e.Payload)
			n.app = append(n.app, string(e.Payload))
		}
		h.printf("%s: apply %s", n.name, b.String())
	}
	n.r.Advance(rd)
	if rd.Commit != n.commit && n.r.Status().Role == RolePrimary {
		h.printf("%s: commit %d", n.name, rd.Commit)
	}
	n.commit = rd.Commit
	if p := rd.TakeCheckpoint; p != nil {
		state := strings.Join(n.app, ",")
		if p.Seq > 0 {
			h.printf("%s: checkpoint %d@%d state=%q", n.name, p.Seq, p.Epoch, state)
		}
		if err := n.r.CheckpointTaken(p.Seq, []byte(state), h.now); err != nil {
			h.printf("%s: checkpoint: error: %v", n.name, err)
		}
	}
	h.queue = append(h.queue, rd.Msgs...)
	for _, r := range rd.Replies {
		if r.Err != nil {
			h.printf("%s: reply %s: error: %v", n.name, r.Request, r.Err)
		} else {
			h.printf("%s: reply %s seq=%d %q", n.name, r.Request, r.Seq, r.Reply)
		}
	}
	for _, f := range rd.Faults {
		h.printf("%s: fault %s", n.name, f)
	}
	if len(rd.CaughtUp) > 0 {
		h.printf("%s: caught up: %s", n.name, strings.Join(rd.CaughtUp, " "))
	}
}

func splitState(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	return strings.Split(string(b), ",")
}

func (h *harness) state(n *node) {
	if n.h != nil {
		st := n.h.State()
		h.printf("%s: holder epoch=%d commit=%d checkpoint=%s", n.name, st.Epoch, st.Commit, fmtCheckpoint(st.Checkpoint))
		h.printf("  log: %s", fmtEntries(st.Entries))
		return
	}
	r := n.r
	s := r.Status()
	h.printf("%s: %s", n.name, s)
	h.printf("  app: [%s]", strings.Join(n.app, " "))
	var ents []Entry
	if s.Last.Seq > s.Base.Seq {
		ents = r.f.log.slice(s.Base.Seq+1, s.Last.Seq)
	}
	h.printf("  log: %s", fmtEntries(ents))
	var cache []string
	for _, c := range r.cache.snapshot(^uint64(0)) {
		cache = append(cache, fmt.Sprintf("%s=%d", c.Request, c.Seq))
	}
	h.printf("  cache: [%s]", strings.Join(cache, " "))
}

func fmtCheckpoint(ck *Checkpoint) string {
	if ck == nil {
		return "none"
	}
	return fmt.Sprintf("%d@%d state=%q", ck.Seq, ck.Epoch, ck.State)
}

func fmtEntries(ents []Entry) string {
	if len(ents) == 0 {
		return "(empty)"
	}
	var parts []string
	for _, e := range ents {
		parts = append(parts, fmt.Sprintf("%d@%d:%s", e.Seq, e.Epoch, e.Payload))
	}
	return strings.Join(parts, " ")
}
