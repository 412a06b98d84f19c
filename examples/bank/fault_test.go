package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bankv1 "github.com/wardenft/warden/api/warden/bank/v1"
	"github.com/wardenft/warden/examples/bank/banking"
	"github.com/wardenft/warden/txn"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The fault tests: a coordinator and two branches as real processes on loopback, 16 clients
// doing random transfers and deposits, and the processes SIGKILLed and restarted, at random
// and at every named protocol step (txn.KillPoints). After each round, with every process up
// and nothing left in doubt, the checker audits the books (see check).

var (
	seedFlag = flag.Uint64("seed", 0, "seed of the fault tests' random choices (0: from the clock); the processes' interleaving is not replayed")
	soakFlag = flag.Duration("soak", 0, "run TestFaultSoak for this long (the long profile); 0 skips it")
)

const (
	nClients       = 16
	accountsPer    = 8
	initialBalance = 1000
)

type opKind uint8

const (
	opDeposit opKind = iota
	opLocal
	opCross
)

// opRec is one operation a client attempted and what it was told.
type opRec struct {
	kind     opKind
	from, to banking.Account
	amount   int64
	id       string // request id
	err      error
}

type ledger struct {
	mu  sync.Mutex
	ops []opRec
	n   atomic.Int64
}

func (l *ledger) add(r opRec) {
	l.mu.Lock()
	l.ops = append(l.ops, r)
	l.mu.Unlock()
	l.n.Add(1)
}

type faultRun struct {
	t       *testing.T
	c       *bankCluster
	rng     *rand.Rand
	led     ledger
	accts   []banking.Account
	stop    chan struct{}
	wg      sync.WaitGroup
	rounds  int
	kills   int
	points  map[string]int
	ckOps   int
	anomaly int
}

func accountsAll() []banking.Account {
	var out []banking.Account
	for _, b := range []string{"A", "B"} {
		for i := range accountsPer {
			out = append(out, banking.Account{Branch: b, Name: fmt.Sprintf("%s%d", strings.ToLower(b), i)})
		}
	}
	return out
}

func newFaultRun(t *testing.T) *faultRun {
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay the random choices with: go test ./examples/bank -run '%s$' -seed %d)", seed, t.Name(), seed)
	f := &faultRun{t: t, c: startBank(t), rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), accts: accountsAll(), points: map[string]int{}}
	for _, a := range f.accts {
		if err := f.c.cli.OpenAccount(bg, a); err != nil {
			t.Fatal(err)
		}
		id := "init-" + a.String()
		id = strings.ReplaceAll(id, "/", "-")
		_, err := f.c.cli.Deposit(bg, a, initialBalance, id)
		f.led.add(opRec{kind: opDeposit, to: a, amount: initialBalance, id: id, err: err})
		if err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// startClients starts the 16 clients; each gets its own random source from the run's.
func (f *faultRun) startClients() {
	f.stop = make(chan struct{})
	for i := range nClients {
		r := rand.New(rand.NewPCG(f.rng.Uint64(), uint64(i)))
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			f.client(i, r)
		}()
	}
}

func (f *faultRun) stopClients() {
	close(f.stop)
	f.wg.Wait()
}

func (f *faultRun) client(i int, r *rand.Rand) {
	for n := 0; ; n++ {
		select {
		case <-f.stop:
			return
		default:
		}
		ctx, cancel := context.WithTimeout(bg, 5*time.Second)
		var rec opRec
		if r.IntN(10) == 0 {
			a := f.accts[r.IntN(len(f.accts))]
			rec = opRec{kind: opDeposit, to: a, amount: 1 + r.Int64N(50), id: fmt.Sprintf("d-%d-%d-%d", f.rounds, i, n)}
			_, rec.err = f.c.cli.Deposit(ctx, a, rec.amount, rec.id)
		} else {
			from := f.accts[r.IntN(len(f.accts))]
			to := f.accts[r.IntN(len(f.accts))]
			for to == from {
				to = f.accts[r.IntN(len(f.accts))]
			}
			rec = opRec{kind: opLocal, from: from, to: to, amount: 1 + r.Int64N(100), id: fmt.Sprintf("t-%d-%d-%d", f.rounds, i, n)}
			if from.Branch != to.Branch {
				rec.kind = opCross
			}
			_, rec.err = f.c.cli.Transfer(ctx, from, to, rec.amount, rec.id)
		}
		cancel()
		f.led.add(rec)
		if c := status.Code(rec.err); c == codes.Unavailable || c == codes.DeadlineExceeded {
			// A server is down: back off a little rather than spin on refused connections.
			select {
			case <-f.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
}

// runFor lets the clients do at least n more operations.
func (f *faultRun) runFor(n int64) {
	target := f.led.n.Load() + n
	eventually(f.t, 60*time.Second, fmt.Sprintf("the clients completed %d more operations", n), func() bool { return f.led.n.Load() >= target })
}

func (f *faultRun) proc(name string) *proc {
	if name == "coordinator" {
		return f.c.coord
	}
	return f.c.br[name]
}

// killPointRound crashes target at point (the nth time it is reached) while the clients run,
// restarts it, lets the clients go on, then checks.
func (f *faultRun) killPointRound(target string, steps ...string) {
	f.t.Helper()
	p := f.proc(target)
	for _, step := range steps {
		n := 1 + f.rng.IntN(3)
		spec := fmt.Sprintf("%s:%d", step, n)
		if len(steps) > 1 && step != steps[0] {
			spec = step + ":1" // a follow-up point is reached during recovery, once
		}
		p.restart(spec)
		if step == steps[0] {
			f.startClients()
		}
		select {
		case <-p.exited():
		case <-time.After(60 * time.Second):
			f.stopClients()
			f.t.Fatalf("%s never reached kill point %s", target, spec)
		}
		f.kills++
		f.points[step]++
	}
	p.start("")
	f.runFor(2 * nClients)
	f.stopClients()
	f.check(fmt.Sprintf("kill %s at %s", target, strings.Join(steps, " then ")))
}

// randomRound SIGKILLs random processes at random times while the clients run.
func (f *faultRun) randomRound(kills int) {
	f.startClients()
	for range kills {
		f.runFor(int64(8 + f.rng.IntN(40)))
		p := f.c.procs()[f.rng.IntN(3)]
		p.kill()
		f.kills++
		f.points["random:"+p.name]++
		f.runFor(int64(f.rng.IntN(10))) // progress (failing operations count) while it is down
		p.start("")
	}
	f.runFor(2 * nClients)
	f.stopClients()
	f.check(fmt.Sprintf("%d random kills", kills))
}

// check waits until nothing is in doubt, then audits: money is conserved; every transfer or
// deposit that succeeded is applied (both sides of a cross-branch transfer); every operation
// that failed is applied everywhere or nowhere (and not at all if the error said aborted); and
// each account's balance is exactly its initial balance plus the applied operations, so
// nothing was applied twice or lost.
func (f *faultRun) check(round string) {
	t := f.t
	f.rounds++
	var audits map[string]*bankv1.AuditResponse
	eventually(t, 60*time.Second, "no transaction is in doubt at any branch", func() bool {
		a, err := f.c.cli.Audit(bg, nil)
		if err != nil {
			return false
		}
		for _, r := range a {
			if len(r.InDoubt) > 0 {
				return false
			}
		}
		return true
	})
	f.led.mu.Lock()
	ops := append([]opRec(nil), f.led.ops...)
	f.led.mu.Unlock()
	var ids []string
	for _, o := range ops {
		if o.id != "" {
			ids = append(ids, o.id)
		}
	}
	applied := map[string]map[string]bool{} // branch -> id -> applied
	balances := map[banking.Account]int64{}
	for start := 0; start < len(ids) || start == 0; start += 50000 {
		chunk := ids[start:min(start+50000, len(ids))]
		var err error
		audits, err = f.c.cli.Audit(bg, chunk)
		if err != nil {
			t.Fatalf("%s: audit: %v", round, err)
		}
		for b, r := range audits {
			if applied[b] == nil {
				applied[b] = map[string]bool{}
			}
			for _, id := range r.Applied {
				applied[b][id] = true
			}
			for _, a := range r.Accounts {
				balances[banking.Account{Branch: b, Name: a.Name}] = a.Balance
			}
		}
	}
	var anomalies []string
	bad := func(format string, args ...any) {
		if len(anomalies) < 20 {
			anomalies = append(anomalies, fmt.Sprintf(format, args...))
		}
		f.anomaly++
	}
	want := map[banking.Account]int64{}
	var deposits int64
	stats := map[string]int{}
	for _, o := range ops {
		var ok bool
		switch o.kind {
		case opDeposit:
			ok = applied[o.to.Branch][o.id]
			if ok {
				want[o.to] += o.amount
				deposits += o.amount
			}
			if o.err == nil && !ok {
				bad("acknowledged deposit %s of %d to %s lost", o.id, o.amount, o.to)
			}
		case opLocal:
			ok = applied[o.from.Branch][o.id]
			if ok {
				want[o.from] -= o.amount
				want[o.to] += o.amount
			}
			if o.err == nil && !ok {
				bad("acknowledged transfer %s (%s -> %s, %d) not applied", o.id, o.from, o.to, o.amount)
			}
		case opCross:
			inFrom, inTo := applied[o.from.Branch][o.id], applied[o.to.Branch][o.id]
			if inFrom != inTo {
				bad("transfer %s (%s -> %s) applied at %s only", o.id, o.from, o.to, map[bool]string{true: o.from.Branch, false: o.to.Branch}[inFrom])
			}
			ok = inFrom && inTo
			if ok {
				want[o.from] -= o.amount
				want[o.to] += o.amount
			}
			if o.err == nil && !ok {
				bad("acknowledged transfer %s (%s -> %s, %d) not applied", o.id, o.from, o.to, o.amount)
			}
			if o.err != nil && ok && txn.IsAborted(o.err) {
				bad("transfer %s applied although the client was told it aborted: %v", o.id, o.err)
			}
		}
		switch {
		case o.err == nil:
			stats["ok"]++
		case ok:
			stats["error but applied"]++
		default:
			stats["error, not applied ("+status.Code(o.err).String()+")"]++
		}
	}
	var total int64
	for _, a := range f.accts {
		total += balances[a]
		if balances[a] != want[a] {
			bad("%s: balance %d, want %d from the applied operations", a, balances[a], want[a])
		}
		if balances[a] < 0 {
			bad("%s: negative balance %d", a, balances[a])
		}
	}
	if total != deposits {
		bad("total %d, but the applied deposits add up to %d: money was created or destroyed", total, deposits)
	}
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&sb, " %s=%d", k, stats[k])
	}
	t.Logf("round %d (%s): %d operations so far:%s; total %d; anomalies %d", f.rounds, round, len(ops), sb.String(), total, len(anomalies))
	f.ckOps = len(ops)
	if len(anomalies) > 0 {
		t.Fatalf("round %d (%s): %d anomalies:\n  %s", f.rounds, round, len(anomalies), strings.Join(anomalies, "\n  "))
	}
}

func (f *faultRun) summary() {
	var pts []string
	for p, n := range f.points {
		pts = append(pts, fmt.Sprintf("%s x%d", p, n))
	}
	sort.Strings(pts)
	f.t.Logf("SUMMARY: %d rounds, %d operations, %d process kills (%s), %d anomalies", f.rounds, f.ckOps, f.kills, strings.Join(pts, ", "), f.anomaly)
}

// killPlan is every kill point, with the process that reaches it. The participant's Ack of a
// decision it learned after a restart happens only in recovery, so it follows a crash before
// the decision was durable at that branch.
func killPlan() [][]string {
	var plan [][]string
	branch := []string{"A", "B"}
	i := 0
	for _, p := range txn.KillPoints {
		switch {
		case p == txn.PointParticipantAckBeforeSend:
			b := branch[i%2]
			plan = append(plan, []string{b, txn.PointParticipantDecideBeforeDurable, p})
			i++
		case strings.HasPrefix(p, "participant."):
			plan = append(plan, []string{branch[i%2], p})
			i++
		default:
			plan = append(plan, []string{"coordinator", p})
		}
	}
	return plan
}

// TestFaults is the short profile, part of make test: one round per kill point, then a round
// of random kills.
func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes; skipped with -short")
	}
	f := newFaultRun(t)
	for _, step := range killPlan() {
		f.killPointRound(step[0], step[1:]...)
	}
	f.randomRound(6)
	f.summary()
}

// TestFaultSoak is the long profile: rounds of random kills and kill points until -soak has
// passed. go test ./examples/bank -run TestFaultSoak -soak 10m -timeout 0 -v
func TestFaultSoak(t *testing.T) {
	if *soakFlag <= 0 {
		t.Skip("the long profile: run with -soak DURATION")
	}
	f := newFaultRun(t)
	plan := killPlan()
	deadline := time.Now().Add(*soakFlag)
	for time.Now().Before(deadline) {
		if f.rng.IntN(2) == 0 {
			step := plan[f.rng.IntN(len(plan))]
			f.killPointRound(step[0], step[1:]...)
		} else {
			f.randomRound(3 + f.rng.IntN(8))
		}
	}
	f.summary()
}
