package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/spf13/cobra"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/client"
	"github.com/wardenft/warden/examples/counter/counterapp"
	"github.com/wardenft/warden/notify"
)

// The counter part of the demo, the default: a manager and three agents (child processes of
// this binary), a WARM_PASSIVE group of three counter members (this binary again,
// `warden demo counter-member`), a client load through the client SDK, and a schedule of
// faults: the primary killed, a backup killed, the primary paused past its lease, the agent
// of the primary's host killed and restarted. It shows the view, the counter and every
// fault's recovery live, and at the end checks that no acknowledged increment was lost or
// applied twice.

type counterDemoOptions struct {
	duration   time.Duration
	faultEvery time.Duration
	clients    int
}

const (
	counterGroup = "counter"
	// demoCallTimeout bounds one increment, the client SDK's retries included: a call that
	// fails after this long is a fault the group did not mask.
	demoCallTimeout = 10 * time.Second
	// demoRecoverWithin bounds the wait for the group to be whole again after a fault.
	demoRecoverWithin = 30 * time.Second
)

// demoFaultKinds is the fault schedule, in order, repeated.
var demoFaultKinds = []string{"kill-primary", "kill-backup", "kill-primary", "pause-primary", "kill-primary", "kill-agent"}

func (o counterDemoOptions) validate() error {
	var bad []string
	if o.duration <= 0 {
		bad = append(bad, fmt.Sprintf("--duration: %v, must be positive", o.duration))
	}
	if o.faultEvery <= 0 {
		bad = append(bad, fmt.Sprintf("--fault-every: %v, must be positive", o.faultEvery))
	}
	if o.clients < 1 {
		bad = append(bad, fmt.Sprintf("--clients: %d, need at least 1", o.clients))
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "; "))
	}
	return nil
}

// demoCall is one acknowledged increment.
type demoCall struct {
	start, end time.Time
	value      int64
	member     string
}

// demoFault is one injected fault and what the clients saw of it.
type demoFault struct {
	n       int
	kind    string
	what    string    // e.g. "SIGKILL primary m4@host-b (pid 1234)"
	at      time.Time // injected
	victim  string    // member id (the primary, or the backup killed)
	primary string    // the primary when injected
	// served: the first acknowledged increment that proves the group serves again: answered
	// by another member than the failed primary, or (a backup fault) sent after the fault.
	served   time.Time
	servedBy string
	whole    time.Time // three members, backups caught up, and an increment after that
	// failover: the client-seen gap of the fault itself, the longest interval between
	// acknowledged increments up to the one that proved the group served again. gap: the
	// longest until the group was whole again (a new member's catch-up included).
	failover, gap time.Duration
	closed        bool
	epoch         uint64 // of the view the fault hit
	loc           string // the victim's location
	addr          string // the victim's address
	pid           int    // the victim's process
}

// counterDemo is the state shared by the load, the view watcher, the fault injector and the
// display.
type counterDemo struct {
	out   io.Writer
	live  bool // a terminal: the status block redraws in place
	start time.Time
	dir   string
	o     counterDemoOptions

	mu         sync.Mutex
	view       *pb.View
	acked      int64
	failed     int64
	failures   []string // the first few failed calls' errors
	maxValue   int64
	perClient  [][]int64
	lastOK     time.Time
	rateMarks  []time.Time // completion times of the last second's increments (for the rate)
	cur        *demoFault  // the fault whose window is open
	faults     []*demoFault
	drawn      int // lines of the status block on screen
	statusNext time.Time
	ended      bool // the load stopped: the verdict is being printed
	// twoPrimaries: a paused primary that executed an increment once resumed.
	twoPrimaries []string
}

func (d *counterDemo) since(t time.Time) string {
	return fmt.Sprintf("%6.1fs", t.Sub(d.start).Seconds())
}

// logf prints an event line (above the status block on a terminal).
func (d *counterDemo) logf(format string, args ...any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.logLocked(fmt.Sprintf(format, args...))
}

func (d *counterDemo) logLocked(line string) {
	if d.live {
		d.clearLocked()
		fmt.Fprintln(d.out, line)
		d.drawLocked()
		return
	}
	fmt.Fprintln(d.out, line)
}

func (d *counterDemo) clearLocked() {
	if d.drawn > 0 {
		fmt.Fprintf(d.out, "\x1b[%dA\x1b[J", d.drawn)
		d.drawn = 0
	}
}

// statusLocked renders the current state: the view and the counter.
func (d *counterDemo) statusLocked(now time.Time) []string {
	for len(d.rateMarks) > 0 && now.Sub(d.rateMarks[0]) > time.Second {
		d.rateMarks = d.rateMarks[1:]
	}
	view := "no view yet"
	if v := d.view; v != nil {
		view = fmt.Sprintf("epoch %d, primary %s", v.Epoch, orNone(v.Primary))
		var backups []string
		for _, m := range v.Members {
			if m.MemberId == v.Primary {
				view += "@" + m.Location
				continue
			}
			b := m.MemberId + "@" + m.Location
			if !m.CaughtUp {
				b += " (catching up)"
			}
			backups = append(backups, b)
		}
		view += ", backups " + orNone(strings.Join(backups, " "))
	}
	open := ""
	if f := d.cur; f != nil && !f.closed {
		open = fmt.Sprintf(" (recovering from fault %d)", f.n)
	}
	return []string{
		fmt.Sprintf("  %s  %s", d.since(now), view),
		fmt.Sprintf("           counter %d, %d increments acked (%d/s), %d failed, faults so far %d%s",
			d.maxValue, d.acked, len(d.rateMarks), d.failed, len(d.faults), open),
	}
}

func (d *counterDemo) drawLocked() {
	lines := d.statusLocked(time.Now())
	width := terminalWidth(d.out)
	for _, l := range lines {
		if len(l) >= width { // a wrapped line would break the redraw, which counts lines
			l = l[:width-1]
		}
		fmt.Fprintf(d.out, "%s\x1b[K\n", l)
	}
	d.drawn = len(lines)
}

// tick redraws the status block (terminal) or prints it as a line every 2s (otherwise).
func (d *counterDemo) tick(now time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.live {
		d.clearLocked()
		d.drawLocked()
		return
	}
	if now.Before(d.statusNext) {
		return
	}
	d.statusNext = now.Add(2 * time.Second)
	l := d.statusLocked(now)
	fmt.Fprintln(d.out, l[0])
	fmt.Fprintln(d.out, l[1])
}

// terminalWidth returns the width of the terminal w is (80 if unknown).
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 80
	}
	var ws struct{ row, col, x, y uint16 }
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TIOCGWINSZ, uintptr(unsafe.Pointer(&ws))); e != 0 || ws.col < 20 {
		return 80
	}
	return int(ws.col)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func demoMemberRole(v *pb.View, m *pb.Member) string {
	role := "backup"
	switch {
	case m.MemberId == v.Primary:
		role = "primary"
	case !m.CaughtUp:
		role = "backup, catching up"
	}
	if m.State != pb.MemberState_MEMBER_STATE_READY {
		role += ", " + strings.ToLower(strings.TrimPrefix(m.State.String(), "MEMBER_STATE_"))
	}
	return "(" + role + ")"
}

// whole reports whether v is a serving group of three: a primary and two caught-up backups.
func demoWhole(v *pb.View) bool {
	if v == nil || v.Primary == "" || len(v.Members) != 3 {
		return false
	}
	for _, m := range v.Members {
		if m.State != pb.MemberState_MEMBER_STATE_READY || (m.MemberId != v.Primary && !m.CaughtUp) {
			return false
		}
	}
	return true
}

// acknowledged records an acknowledged increment of client c.
func (d *counterDemo) acknowledged(c int, call demoCall) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.acked++
	d.perClient[c] = append(d.perClient[c], call.value)
	d.maxValue = max(d.maxValue, call.value)
	d.rateMarks = append(d.rateMarks, call.end)
	if f := d.cur; f != nil {
		gap := call.end.Sub(d.lastOK)
		f.gap = max(f.gap, gap)
		if f.served.IsZero() {
			f.failover = max(f.failover, gap)
			switch {
			case f.kind == "kill-backup" && call.start.After(f.at),
				f.kind != "kill-backup" && call.member != f.primary:
				f.served, f.servedBy = call.end, call.member
			}
		}
	}
	d.lastOK = call.end
}

func (d *counterDemo) failedCall(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.failed++
	if len(d.failures) < 5 {
		d.failures = append(d.failures, fmt.Sprintf("%s %v", d.since(time.Now()), err))
	}
}

func (d *counterDemo) currentView() *pb.View {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.view
}

func runCounterDemo(ctx context.Context, out io.Writer, dir string, o counterDemoOptions) (err error) {
	d := &counterDemo{out: out, live: isTerminal(out), dir: dir, o: o, perClient: make([][]int64, o.clients)}
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	say("Warden demo: a replicated counter survives its faults")
	say("  processes' logs: %s (the manager's fault history: faults.txt, at the end)", dir)

	var (
		procMu sync.Mutex
		procs  []*demoProc // the manager first
		agents = map[string]*demoProc{}
	)
	defer func() {
		procMu.Lock()
		defer procMu.Unlock()
		for _, a := range agents { // the agents (and with them their members) first, the manager last
			a.stop(5 * time.Second)
		}
		for i := len(procs) - 1; i >= 0; i-- {
			procs[i].stop(5 * time.Second)
		}
	}()

	// 1. The manager and the agents.
	m, sc, err := startDemoProc(dir, "manager", "manager", "--data", filepath.Join(dir, "manager"),
		"--listen", "127.0.0.1:0", "--raft", "127.0.0.1:0", "--profile", "local", "--log-level", "info")
	if err != nil {
		return err
	}
	procMu.Lock()
	procs = append(procs, m)
	procMu.Unlock()
	api := ""
	for sc.Scan() {
		if l := demoManagerLine.FindStringSubmatch(sc.Text()); l != nil {
			api = l[1]
			break
		}
	}
	if api == "" {
		return fmt.Errorf("the manager did not start (see %s)", filepath.Join(dir, "manager.log"))
	}
	go drainLines(sc)
	startAgent := func(loc string) error {
		a, asc, err := startDemoProc(dir, "agent-"+loc, "agent", "--location", loc, "--managers", api,
			"--data", filepath.Join(dir, "agent-"+loc), "--listen", "127.0.0.1:0", "--heartbeat-listen", "127.0.0.1:0", "--log-level", "info")
		if err != nil {
			return err
		}
		procMu.Lock()
		agents[loc] = a
		procMu.Unlock()
		go drainLines(asc)
		return nil
	}
	for _, loc := range demoLocations {
		if err := startAgent(loc); err != nil {
			return err
		}
	}
	say("\n[1] a manager (API on %s), an agent at each of %s", api, strings.Join(demoLocations, ", "))

	cc, err := grpc.NewClient(api, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer cc.Close()
	defer demoSaveFaults(cc, filepath.Join(dir, "faults.txt")) // before the manager stops
	groups := pb.NewObjectGroupManagerClient(cc)
	if err := demoPoll(ctx, 30*time.Second, "the agents to register", func(ctx context.Context) error {
		r, err := groups.ListLocations(ctx, &pb.ListLocationsRequest{})
		if err != nil {
			return err
		}
		up := 0
		for _, l := range r.Locations {
			if l.State == pb.LocationState_LOCATION_STATE_UP {
				up++
			}
		}
		if up < len(demoLocations) {
			return fmt.Errorf("%d of %d locations up", up, len(demoLocations))
		}
		return nil
	}); err != nil {
		return err
	}

	// 2. The group.
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if _, err := pb.NewTypeRegistryClient(cc).RegisterType(ctx, &pb.RegisterTypeRequest{Type: &pb.MemberType{
		TypeId: "counter", Description: "the replicated counter example (warden demo counter-member)",
		Launch: &pb.LaunchSpec{Command: self, Args: []string{"demo", "counter-member", "--managers", api}, StopGracePeriod: durationpb.New(2 * time.Second)},
	}}); err != nil {
		return fmt.Errorf("register the counter type: %w", err)
	}
	three := uint32(3)
	if _, err := pb.NewGenericFactoryClient(cc).CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "counter", GroupId: counterGroup, Criteria: &pb.Properties{
		ReplicationStyle:        pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE,
		MembershipStyle:         pb.MembershipStyle_MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED,
		FaultMonitoringStyle:    pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL,
		FaultMonitoringInterval: durationpb.New(200 * time.Millisecond),
		FaultMonitoringTimeout:  durationpb.New(200 * time.Millisecond),
		InitialNumberMembers:    &three, MinimumNumberMembers: &three,
	}}); err != nil {
		return fmt.Errorf("create the group: %w", err)
	}
	say("    group %q: WARM_PASSIVE, 3 members (one per host), health checked every 200ms;", counterGroup)
	say("    the primary answers an increment once both backups applied it, and serves under a lease")

	// The views, as the manager publishes them.
	wctx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	go d.watchViews(wctx, groups)
	if err := demoPoll(ctx, 60*time.Second, "three members, backups caught up", func(context.Context) error {
		if v := d.currentView(); !demoWhole(v) {
			if v == nil {
				return errors.New("no view yet")
			}
			return fmt.Errorf("view epoch %d: %s", v.Epoch, demoMembers(v))
		}
		return nil
	}); err != nil {
		return err
	}
	first := d.currentView()
	say("    view epoch %d: primary %s, members %s", first.Epoch, first.Primary, strings.TrimSpace(demoMembers(first)))

	// 3. The load.
	cfg := client.DefaultConfig()
	cfg.Managers = []string{api}
	conn, err := client.NewClient("warden:///"+counterGroup, cfg, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	counter := counterv1.NewCounterClient(conn)
	say("\n[2] %d clients increment the counter through client.NewClient(\"warden:///%s\") for %v;", o.clients, counterGroup, o.duration)
	say("    a fault every %v at the earliest, once the group is whole again: %s, ...", o.faultEvery, strings.Join(demoFaultKinds, ", "))
	if d.live {
		say("    Ctrl-C stops early (the verdict is still given).")
	}
	say("")

	d.mu.Lock()
	d.start = time.Now()
	d.lastOK = d.start
	d.mu.Unlock()
	var (
		stopLoad = make(chan struct{})
		loadWG   sync.WaitGroup
	)
	for c := range o.clients {
		loadWG.Add(1)
		go func() {
			defer loadWG.Done()
			for {
				select {
				case <-stopLoad:
					return
				default:
				}
				// Not ctx: a call cut by Ctrl-C might or might not have executed, and the
				// check at the end wants every call answered.
				cctx, cancel := context.WithTimeout(context.Background(), demoCallTimeout)
				start := time.Now()
				r, err := counter.Increment(cctx, &counterv1.IncrementRequest{By: 1})
				cancel()
				if err != nil {
					d.failedCall(err)
					continue
				}
				d.acknowledged(c, demoCall{start: start, end: time.Now(), value: r.Value, member: r.Member})
			}
		}()
	}

	// The display.
	tickStop := make(chan struct{})
	tickDone := make(chan struct{})
	go func() {
		defer close(tickDone)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-tickStop:
				return
			case now := <-t.C:
				d.tick(now)
			}
		}
	}()

	// 4. The faults.
	inj := &demoInjector{d: d, dir: dir, startAgent: startAgent, agentOf: func(loc string) *demoProc {
		procMu.Lock()
		defer procMu.Unlock()
		return agents[loc]
	}}
	end := d.start.Add(o.duration)
	faultErr := inj.run(ctx, end)
	interrupted := ctx.Err() != nil

	// 5. Stop the load, let the group settle, and check.
	close(stopLoad)
	loadWG.Wait()
	close(tickStop)
	<-tickDone
	d.mu.Lock()
	d.clearLocked()
	d.ended = true
	d.mu.Unlock()
	stopped := time.Now()

	failures := 0
	check := func(ok bool, format string, args ...any) {
		mark := "ok  "
		if !ok {
			mark = "FAIL"
			failures++
		}
		say("    %s %s", mark, fmt.Sprintf(format, args...))
	}
	how := "after " + o.duration.String()
	if interrupted {
		how = fmt.Sprintf("stopped by Ctrl-C after %.1fs", stopped.Sub(d.start).Seconds())
	}
	say("\n[3] the verdict (%s, %d faults)", how, len(d.faults))
	if faultErr != nil {
		check(false, "the faults: %v", faultErr)
	}
	// The group whole again, and the counter's value as the primary holds it.
	gctx, cancel := context.WithTimeout(context.Background(), demoRecoverWithin)
	var final *pb.View
	werr := demoPoll(gctx, demoRecoverWithin, "the group whole", func(context.Context) error {
		if v := d.currentView(); demoWhole(v) {
			final = v
			return nil
		}
		return errors.New("not whole")
	})
	var value int64
	var gerr error
	if werr == nil {
		var r *counterv1.GetResponse
		r, gerr = counter.Get(gctx, &counterv1.GetRequest{})
		if gerr == nil {
			value = r.Value
		}
	}
	cancel()
	if werr != nil || gerr != nil {
		v := d.currentView()
		check(false, "the group is whole at the end: %v %v (view %s)", werr, gerr, viewLine(v))
	} else {
		check(true, "the group is whole at the end: epoch %d -> %d, primary %s, %d members, backups caught up", first.Epoch, final.Epoch, final.Primary, len(final.Members))
	}
	if r := d.unrecovered(); r != "" {
		check(false, "every fault was recovered from: %s", r)
	} else if len(d.faults) > 0 {
		check(true, "every fault was recovered from: a primary serving and three members caught up again")
	}

	d.mu.Lock()
	acked, failed := d.acked, d.failed
	perClient := d.perClient
	fails := d.failures
	d.mu.Unlock()
	check(failed == 0, "every call was answered: %d increments acknowledged, %d failed %v", acked, failed, fails)
	if gerr == nil && werr == nil {
		check(value >= acked, "no increment lost: counter %d, %d acknowledged increments of 1", value, acked)
		check(value <= acked+failed, "none applied twice: counter %d, at most %d (acknowledged + failed calls)", value, acked+failed)
	}
	// Every acknowledged reply carries the value its increment produced: all distinct, and
	// increasing in each client's order.
	var all []int64
	var order []string
	for c, vs := range perClient {
		all = append(all, vs...)
		for i := 1; i < len(vs); i++ {
			if vs[i] <= vs[i-1] {
				order = append(order, fmt.Sprintf("client %d: %d after %d", c+1, vs[i], vs[i-1]))
				break
			}
		}
	}
	slices.Sort(all)
	var dups []int64
	for i := 1; i < len(all); i++ {
		if all[i] == all[i-1] && len(dups) < 5 {
			dups = append(dups, all[i])
		}
	}
	check(len(dups) == 0, "every acknowledged reply's value is unique (%d replies; repeated: %v)", len(all), dups)
	check(len(order) == 0, "each client's replies increase in the order it got them (%d clients) %v", len(perClient), order)
	d.mu.Lock()
	two := d.twoPrimaries
	d.mu.Unlock()
	if len(two) > 0 {
		check(false, "a resumed old primary did not serve: %v", two)
	}

	d.report(say)
	stopWatch()
	if failures > 0 {
		return fmt.Errorf("%d of the checks failed; the processes' logs and the fault history are in %s", failures, dir)
	}
	say("\nNo increment lost or applied twice. The agents stop their members now, then the manager stops.")
	return nil
}

func drainLines(sc interface{ Scan() bool }) {
	for sc.Scan() {
	}
}

func viewLine(v *pb.View) string {
	if v == nil {
		return "none"
	}
	var ms []string
	for _, m := range v.Members {
		ms = append(ms, m.MemberId+"@"+m.Location+" "+demoMemberRole(v, m))
	}
	return fmt.Sprintf("epoch %d, primary %s: %s", v.Epoch, orNone(v.Primary), strings.Join(ms, ", "))
}

// watchViews follows the group's views from the manager, reconnecting when the stream breaks.
func (d *counterDemo) watchViews(ctx context.Context, groups pb.ObjectGroupManagerClient) {
	var known uint64
	for ctx.Err() == nil {
		w, err := groups.WatchView(ctx, &pb.WatchViewRequest{GroupId: counterGroup, KnownVersion: known})
		if err == nil {
			for {
				v, err := w.Recv()
				if err != nil {
					break
				}
				known = v.Version
				d.mu.Lock()
				old := d.view
				d.view = v
				if !d.start.IsZero() && !d.ended && (old == nil || old.Epoch != v.Epoch) {
					d.logLocked(fmt.Sprintf("  %s  view epoch %d, primary %s: %s  (%s)", d.since(time.Now()), v.Epoch, orNone(v.Primary), strings.TrimSpace(demoMembers(v)), v.Reason))
				}
				d.mu.Unlock()
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// unrecovered describes the faults whose window never closed.
func (d *counterDemo) unrecovered() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var bad []string
	for _, f := range d.faults {
		if !f.closed {
			s := fmt.Sprintf("fault %d (%s)", f.n, f.what)
			if f.served.IsZero() {
				s += ": never served again"
			} else {
				s += ": never whole again"
			}
			bad = append(bad, s)
		}
	}
	return strings.Join(bad, "; ")
}

// report prints the per-fault figures and their distribution.
func (d *counterDemo) report(say func(string, ...any)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.faults) == 0 {
		say("    no fault injected (--duration shorter than the first --fault-every?)")
		return
	}
	var failover, gaps, serve, whole []time.Duration
	byKind := map[string][]time.Duration{}
	for _, f := range d.faults {
		if !f.closed {
			continue
		}
		failover = append(failover, f.failover)
		gaps = append(gaps, f.gap)
		whole = append(whole, f.whole.Sub(f.at))
		byKind[f.kind] = append(byKind[f.kind], f.failover)
		if f.kind != "kill-backup" {
			serve = append(serve, f.served.Sub(f.at))
		}
	}
	say("\n    client-seen gap: the longest interval between acknowledged increments from before a fault")
	say("    until the group served again (a new primary answered, or the primary went on after a backup's loss)")
	say("      all faults        %s", demoDist(failover))
	for _, k := range demoFaultKinds {
		if g, ok := byKind[k]; ok {
			say("      %-17s %s", k, demoDist(g))
			delete(byKind, k)
		}
	}
	say("    and until the group was whole again (a new member added and caught up): %s", demoDist(gaps))
	if len(serve) > 0 {
		say("    a new primary served after the primary's fault:                       %s", demoDist(serve))
	}
	say("    the group was whole again after a fault:                              %s", demoDist(whole))
}

func demoDist(ds []time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	pct := func(p float64) time.Duration { // nearest rank
		i := int(float64(len(s))*p+0.999999) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	r := func(x time.Duration) time.Duration { return x.Round(time.Millisecond) }
	n := fmt.Sprintf("%d faults", len(s))
	if len(s) == 1 {
		n = "1 fault"
	}
	return fmt.Sprintf("p50 %v, p99 %v, max %v (%s)", r(pct(0.5)), r(pct(0.99)), r(s[len(s)-1]), n)
}

// demoInjector runs the fault schedule.
type demoInjector struct {
	d          *counterDemo
	dir        string
	startAgent func(loc string) error
	agentOf    func(loc string) *demoProc
}

// run injects faults until end or ctx ends. Each fault waits for the previous one's window to
// close (the group served again and is whole: three members, backups caught up), so that a
// fault never hits a group that could not survive it, and for --fault-every since the last.
func (inj *demoInjector) run(ctx context.Context, end time.Time) error {
	d := inj.d
	next := d.start.Add(d.o.faultEvery)
	for n := 1; ; n++ {
		if !sleepUntil(ctx, next) || !time.Now().Before(end) {
			return nil
		}
		kind := demoFaultKinds[(n-1)%len(demoFaultKinds)]
		f, err := inj.inject(ctx, n, kind)
		if err != nil {
			return err
		}
		next = f.at.Add(d.o.faultEvery)
		if err := inj.follow(ctx, f); err != nil {
			return err
		}
	}
}

func sleepUntil(ctx context.Context, t time.Time) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(time.Until(t)):
		return true
	}
}

// inject makes fault n happen to the current view.
func (inj *demoInjector) inject(ctx context.Context, n int, kind string) (*demoFault, error) {
	d := inj.d
	v := d.currentView()
	if !demoWhole(v) {
		return nil, fmt.Errorf("fault %d: the group is not whole: %s", n, viewLine(v))
	}
	f := &demoFault{n: n, kind: kind, primary: v.Primary, victim: v.Primary, epoch: v.Epoch}
	if kind == "kill-backup" {
		for _, m := range v.Members {
			if m.MemberId != v.Primary {
				f.victim = m.MemberId
			}
		}
	}
	for _, m := range v.Members {
		if m.MemberId == f.victim {
			f.loc, f.addr = m.Location, m.Address
		}
	}
	loc := f.loc
	pid, err := demoMemberPid(inj.dir, f.victim)
	if err != nil {
		return nil, fmt.Errorf("fault %d: %w", n, err)
	}
	f.pid = pid
	var act func() error
	switch kind {
	case "kill-primary", "kill-backup":
		role := "primary"
		if kind == "kill-backup" {
			role = "backup"
		}
		f.what = fmt.Sprintf("SIGKILL the %s %s@%s (pid %d)", role, f.victim, loc, pid)
		act = func() error { return syscall.Kill(pid, syscall.SIGKILL) }
	case "pause-primary":
		f.what = fmt.Sprintf("SIGSTOP the primary %s@%s (pid %d), past its lease", f.victim, loc, pid)
		act = func() error { return syscall.Kill(pid, syscall.SIGSTOP) }
	case "kill-agent":
		a := inj.agentOf(loc)
		f.what = fmt.Sprintf("SIGKILL the agent at %s (pid %d) and so the primary %s there (pid %d; the kernel kills an agent's members with it)", loc, a.pid(), f.victim, pid)
		act = func() error { a.kill(); return nil }
	}
	d.mu.Lock()
	f.at = time.Now()
	d.cur = f
	d.faults = append(d.faults, f)
	d.logLocked(fmt.Sprintf("  %s  fault %d: %s", d.since(f.at), n, f.what))
	d.mu.Unlock()
	if err := act(); err != nil {
		return nil, fmt.Errorf("fault %d: %s: %w", n, f.what, err)
	}
	return f, nil
}

// follow waits until the group served again after f and is whole again, and prints how long
// each took and the client-seen gap. A paused primary is resumed once another member served
// (it must not serve again: it is asked to execute an increment of 0 directly); a killed
// agent is restarted then. Waits are bounded by demoRecoverWithin, and by a few seconds once
// ctx ended (Ctrl-C), so that a fault being recovered from still gets its figures.
func (inj *demoInjector) follow(ctx context.Context, f *demoFault) error {
	d := inj.d
	deadline := f.at.Add(demoRecoverWithin)
	wait := func(cond func() bool) bool {
		for !cond() {
			if time.Now().After(deadline) {
				return false
			}
			select {
			case <-ctx.Done():
				if grace := time.Now().Add(5 * time.Second); grace.Before(deadline) {
					deadline = grace
				}
			case <-time.After(10 * time.Millisecond):
			}
		}
		return true
	}
	served := wait(func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		return !f.served.IsZero()
	})
	// Whatever happened, a paused primary is resumed and a killed agent restarted.
	var after string
	switch f.kind {
	case "pause-primary":
		after = inj.resume(f)
	case "kill-agent":
		if err := inj.startAgent(f.loc); err != nil {
			return fmt.Errorf("fault %d: restart the agent at %s: %w", f.n, f.loc, err)
		}
		after = fmt.Sprintf("; the agent at %s restarted", f.loc)
	}
	if !served {
		d.logf("  %s  fault %d: the group did not serve again within %v (view %s)", d.since(time.Now()), f.n, demoRecoverWithin, viewLine(d.currentView()))
		return nil
	}
	d.mu.Lock()
	what := "the primary " + f.primary + " served the next increments"
	if f.servedBy != f.primary {
		what = "a new primary, " + f.servedBy + ", served"
	}
	d.logLocked(fmt.Sprintf("  %s  fault %d: %s %v after it; client-seen gap %v%s", d.since(f.served), f.n, what,
		f.served.Sub(f.at).Round(time.Millisecond), f.failover.Round(time.Millisecond), after))
	d.mu.Unlock()

	var wholeAt time.Time
	whole := wait(func() bool {
		if wholeAt.IsZero() {
			if demoWhole(d.currentView()) {
				wholeAt = time.Now()
			}
			return false
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		return d.lastOK.After(wholeAt)
	})
	d.mu.Lock()
	defer d.mu.Unlock()
	if !whole {
		d.logLocked(fmt.Sprintf("  %s  fault %d: the group was not whole again within %v (view %s)", d.since(time.Now()), f.n, demoRecoverWithin, viewLine(d.view)))
		return nil
	}
	f.whole, f.closed = wholeAt, true
	d.cur = nil
	d.logLocked(fmt.Sprintf("  %s  fault %d: whole again %v after it (three members, backups caught up); longest gap until then %v",
		d.since(wholeAt), f.n, wholeAt.Sub(f.at).Round(time.Millisecond), f.gap.Round(time.Millisecond)))
	return nil
}

// resume sends SIGCONT to a paused primary once another member served, and checks that it
// does not execute an increment (of 0, so that the counter is unchanged if it wrongly does).
func (inj *demoInjector) resume(f *demoFault) string {
	state := demoProcState(f.pid)
	if state == "" || state == "Z" {
		return fmt.Sprintf("; the old primary (pid %d) was gone already: its agent's health checks timed out and it killed it", f.pid)
	}
	syscall.Kill(f.pid, syscall.SIGCONT)
	how, err := demoRefuses(f.addr)
	if err != nil {
		inj.d.mu.Lock()
		inj.d.twoPrimaries = append(inj.d.twoPrimaries, fmt.Sprintf("fault %d: the resumed %s at %s %v", f.n, f.victim, f.addr, err))
		inj.d.mu.Unlock()
		return fmt.Sprintf("; the old primary resumed (SIGCONT) and EXECUTED an increment: %v", err)
	}
	return fmt.Sprintf("; the old primary resumed (SIGCONT) and refused an increment: %s", how)
}

// demoRefuses checks that the member at addr does not execute an increment: it is gone, or
// it answers NO_LEASE or NOT_PRIMARY (or another refusal of the replica SDK).
func demoRefuses(addr string) (string, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return "", err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	r, err := counterv1.NewCounterClient(conn).Increment(ctx, &counterv1.IncrementRequest{By: 0})
	if err == nil {
		return "", fmt.Errorf("executed an increment: value %d", r.Value)
	}
	st := status.Convert(err)
	for _, det := range st.Details() {
		if info, ok := det.(*errdetails.ErrorInfo); ok && info.Reason != "" {
			return info.Reason, nil
		}
	}
	if st.Code() == codes.Unavailable || st.Code() == codes.DeadlineExceeded {
		return st.Code().String() + " (stopped by its agent, or not serving)", nil
	}
	return "", fmt.Errorf("answered %v", err)
}

// demoProcState returns the state letter of a process ("R", "S", "T", "Z"...), "" if gone.
func demoProcState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	_, rest, ok := bytes.Cut(b, []byte(") "))
	if !ok || len(rest) == 0 {
		return ""
	}
	return string(rest[:1])
}

// demoMemberPid finds the process of a member of the demo's group: the agents put
// WARDEN_MEMBER and their data dir (under dir) in their members' environment.
func demoMemberPid(dir, member string) (int, error) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	wantMember := []byte("WARDEN_MEMBER=" + member)
	wantGroup := []byte("WARDEN_GROUP=" + counterGroup)
	wantDir := []byte("WARDEN_AGENT_DATA_DIR=" + dir + string(filepath.Separator))
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		var m, g, dd bool
		for _, kv := range bytes.Split(env, []byte{0}) {
			m = m || bytes.Equal(kv, wantMember)
			g = g || bytes.Equal(kv, wantGroup)
			dd = dd || bytes.HasPrefix(kv, wantDir)
		}
		if m && g && dd {
			if s := demoProcState(pid); s != "" && s != "Z" {
				return pid, nil
			}
		}
	}
	return 0, fmt.Errorf("no process of member %s found", member)
}

// newDemoCounterMemberCmd is the member the counter demo's agents run: the counter example.
func newDemoCounterMemberCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "counter-member",
		Short:              "The counter member of the demo (started by the demo's agents)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return counterapp.Run(cmd.Context(), args, cmd.ErrOrStderr())
		},
	}
}

// demoSaveFaults writes the manager's fault history to path (as 'warden faults ls' prints it),
// for a look at what the manager saw.
func demoSaveFaults(cc *grpc.ClientConn, path string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for e, err := range notify.NewClient(cc).History(ctx, notify.HistoryRequest{}) {
		if err != nil {
			fmt.Fprintf(f, "history: %v\n", err)
			return
		}
		printEvent(f, "text", e, 0)
	}
}
