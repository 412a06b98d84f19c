package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/wardenft/warden/recovery"
)

// The demo: the seeds' banking service on the recovery manager. A child process runs durable
// transfers between accounts; the parent SIGKILLs it mid-stream, reopens the store and shows
// what recovery found, then checks the books.

type demoOptions struct {
	dir       string
	keep      bool
	accounts  int
	workers   int
	killAfter time.Duration
	strategy  string
	seed      uint64
	part      string
}

func newDemoCmd() *cobra.Command {
	var o demoOptions
	var co counterDemoOptions
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Show Warden on one machine: a replicated counter survives its faults (also: the bank, a repair)",
		Long: `demo shows Warden on one machine. Every process it starts is a child of this binary (the
manager, the agents, and the members they start), so 'go install ./cmd/warden && warden demo'
needs nothing else. It has three parts: --part counter (the default), bank, repair, or all.

The counter: a replication manager and three agents (host-a, host-b, host-c) start a
WARM_PASSIVE group of three counter members (the replicated counter of examples/counter): a
primary that answers an increment only once both backups applied it, and serves only under a
lease from the manager. --clients goroutines increment the counter through the client SDK
(client.NewClient("warden:///counter") and the generated stubs), which fails over and retries
with the same request id. Every --fault-every, once the group is whole again (three members,
backups caught up), one fault is injected, in this order, repeated: SIGKILL the primary,
SIGKILL a backup, SIGKILL the primary, SIGSTOP the primary until another member served (past
its 1s lease; then SIGCONT, and the old primary must refuse an increment, unless its agent's
health checks had it killed already), SIGKILL the primary, SIGKILL the agent of the primary's
host (its members die with it) and restart it once another member served. A fault the group
does not recover from within 30s fails the run. The terminal shows the view (epoch, primary, members), the counter and the
acknowledged increments per second, redrawn in place on a terminal and as log lines
otherwise, and for each fault when a primary served again, when the group was whole again and
the client-seen gap (the longest interval between acknowledged increments around it). After
--duration, or on Ctrl-C, the load stops and the verdict comes: the counter against the
acknowledged increments (none lost, none applied twice), every reply's value unique and each
client's increasing, every call answered within 10s, the group whole, and the gaps' p50, p99
and max. The exit status is non-zero if a check failed.

The bank: a child process opens a recovery store holding bank accounts and runs concurrent transfers, each
a durable transaction (Commit returns only after fdatasync). Some transfers are global: they are
prepared (phase one of two-phase commit) and their decision comes later, so at any instant some
are in doubt. The parent SIGKILLs the child mid-stream, reopens the store and shows what
recovery found: committed transactions, prepared (in-doubt) ones, discarded unfinished ones and
any torn tail. It then checks that every transfer the child reported as committed is there, that
none appears that was never attempted, and that the total of all balances is unchanged, before
and after deciding the in-doubt transfers as a coordinator would (presumed abort).

The repair: a replication manager and three agents, a member type (the echo example, run by
this binary) and a STATELESS group of three members, one per host, health-checked every 200ms.
It shows every new view of the group as the manager publishes it. Then it crashes a member
(SIGKILL) and hangs another (SIGSTOP): the agent sees the exit at once, or the health checks
time out and it kills the hung process; the manager removes the member with a new view, has an
agent start a new one and adds it once it is healthy. It checks that three members serve again
after each fault.

Every process the demo starts is stopped when it ends, also on Ctrl-C, and killed by the kernel
if the demo itself is killed. Their logs and data (and the counter part's fault history,
faults.txt) are in --dir: by default a temporary directory, removed at the end unless --keep
is given or a check failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			if !slices.Contains([]string{"counter", "bank", "repair", "all"}, o.part) {
				return fmt.Errorf("--part: %q is not counter, bank, repair or all", o.part)
			}
			// Every flag is checked before any part runs.
			if err := o.validate(); err != nil {
				return err
			}
			if err := co.validate(); err != nil {
				return err
			}
			dir := o.dir
			if dir == "" {
				tmp, err := os.MkdirTemp("", "warden-demo-")
				if err != nil {
					return err
				}
				dir = tmp
				if !o.keep {
					defer func() {
						if err == nil {
							os.RemoveAll(tmp)
							return
						}
						fmt.Fprintf(cmd.ErrOrStderr(), "warden demo: the data directory is kept for inspection: %s\n", tmp)
					}()
				}
			}
			out := cmd.OutOrStdout()
			if o.part == "counter" || o.part == "all" {
				cdir := filepath.Join(dir, "counter")
				if err := os.MkdirAll(cdir, 0o755); err != nil {
					return err
				}
				if err := runCounterDemo(cmd.Context(), out, cdir, co); err != nil || o.part == "counter" {
					return err
				}
				fmt.Fprintln(out)
			}
			if o.part == "bank" || o.part == "all" {
				bo := o
				bo.dir = dir
				if err := runDemo(cmd.Context(), out, bo); err != nil || o.part == "bank" {
					return err
				}
			}
			rdir := filepath.Join(dir, "repair")
			if err := os.MkdirAll(rdir, 0o755); err != nil {
				return err
			}
			return runRepairDemo(cmd.Context(), out, rdir)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.dir, "dir", "", "data directory of every part: the processes' logs and data, the bank's store (default: a new temporary directory, removed at the end)")
	f.BoolVar(&o.keep, "keep", false, "keep the temporary data directory")
	f.IntVar(&o.accounts, "accounts", 100, "bank: number of accounts")
	f.IntVar(&o.workers, "workers", 16, "bank: concurrent transfer workers in the child")
	f.DurationVar(&o.killAfter, "kill-after", 2*time.Second, "bank: how long the child runs transfers (from its first commit) before SIGKILL")
	f.StringVar(&o.strategy, "strategy", "log", "bank: durability strategy: log or shadow")
	f.Uint64Var(&o.seed, "seed", 0, "bank: seed for the child's transfers (0: from the clock)")
	f.StringVar(&o.part, "part", "counter", "which part to run: counter (a replicated counter under faults), bank (transaction recovery), repair (a manager repairs a group) or all")
	f.DurationVar(&co.duration, "duration", 30*time.Second, "counter: how long the load and the faults run")
	f.DurationVar(&co.faultEvery, "fault-every", 3*time.Second, "counter: the time between two faults (at least; each waits for the group to be whole again)")
	f.IntVar(&co.clients, "clients", 4, "counter: concurrent clients incrementing")
	cmd.AddCommand(newDemoBankWorkerCmd(), newDemoEchoMemberCmd(), newDemoCounterMemberCmd())
	return cmd
}

const demoInitialBalance = 1000

func parseStrategy(s string) (recovery.Strategy, error) {
	switch s {
	case "log":
		return recovery.StrategyLog, nil
	case "shadow":
		return recovery.StrategyShadow, nil
	}
	return 0, fmt.Errorf("--strategy: %q is not log or shadow", s)
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func openDemoStore(dir, strategy string) (*recovery.Store, error) {
	st, err := parseStrategy(strategy)
	if err != nil {
		return nil, err
	}
	opts := recovery.DefaultOptions()
	opts.Strategy = st
	opts.Logger = quietLogger()
	opts.LockTimeout = 200 * time.Millisecond
	return recovery.Open(dir, opts)
}

func acctKey(i int) string { return fmt.Sprintf("acct/%03d", i) }

// validate checks the bank's flags.
func (o demoOptions) validate() error {
	if o.accounts < 2 {
		return fmt.Errorf("--accounts: %d, need at least 2", o.accounts)
	}
	if o.workers < 1 {
		return fmt.Errorf("--workers: %d, need at least 1", o.workers)
	}
	if o.killAfter <= 0 {
		return fmt.Errorf("--kill-after: %v, must be positive", o.killAfter)
	}
	_, err := parseStrategy(o.strategy)
	return err
}

func runDemo(ctx context.Context, out io.Writer, o demoOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	if o.seed == 0 {
		o.seed = uint64(time.Now().UnixNano())
	}
	dir := o.dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "warden-demo-")
		if err != nil {
			return err
		}
		dir = tmp
		if !o.keep {
			defer os.RemoveAll(tmp)
		}
	}
	dir = filepath.Join(dir, "bank")
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }

	say("Warden demo: the seeds' banking service on the recovery manager")
	say("  store:    %s (%s strategy)", dir, o.strategy)

	// 1. Open the books.
	s, err := openDemoStore(dir, o.strategy)
	if err != nil {
		return err
	}
	total, err := demoTotal(s, o.accounts)
	if err != nil {
		s.Close()
		return err
	}
	if total == 0 {
		tx := s.Begin()
		for i := range o.accounts {
			if err := tx.Put(ctx, acctKey(i), demoBalance(demoInitialBalance)); err != nil {
				s.Close()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			s.Close()
			return err
		}
		total = int64(o.accounts) * demoInitialBalance
	}
	if err := s.Close(); err != nil {
		return err
	}
	say("  accounts: %d, total balance %d", o.accounts, total)

	// 2. Run the bank in a child process and kill it mid-stream.
	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.CommandContext(ctx, self, "demo", "bank-worker", "--dir", dir, "--strategy", o.strategy,
		"--accounts", fmt.Sprint(o.accounts), "--workers", fmt.Sprint(o.workers), "--seed", fmt.Sprint(o.seed))
	child.Stderr = os.Stderr
	stdout, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	if err := spawn(child); err != nil {
		return fmt.Errorf("start the bank process: %w", err)
	}
	say("\n[1] bank process %d runs transfers (seed %d); SIGKILL %v after its first commit", child.Process.Pid, o.seed, o.killAfter)

	acked := make(map[string]bool)     // transfers whose Commit returned nil in the child
	attempted := make(map[string]bool) // transfers the child started
	var mu sync.Mutex
	readDone := make(chan error, 1)
	firstAck := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			kind, id, ok := strings.Cut(sc.Text(), " ")
			if !ok {
				continue
			}
			mu.Lock()
			switch kind {
			case "try":
				attempted[id] = true
			case "ack":
				if len(acked) == 0 {
					close(firstAck)
				}
				acked[id] = true
			}
			mu.Unlock()
		}
		readDone <- sc.Err()
	}()
	// The kill comes --kill-after the first committed transfer, however long the child took
	// to start (a loaded machine, a binary built with -race).
	select {
	case <-firstAck:
	case err := <-readDone:
		child.Wait()
		return fmt.Errorf("the bank process ended before committing a transfer: %v", err)
	case <-time.After(time.Minute):
		child.Process.Kill()
		child.Wait()
		return fmt.Errorf("the bank process committed no transfer within a minute")
	case <-ctx.Done():
		child.Process.Kill()
		child.Wait()
		return ctx.Err()
	}
	timer := time.NewTimer(o.killAfter)
	ticker := time.NewTicker(250 * time.Millisecond)
	defer ticker.Stop()
	live := isTerminal(out)
wait:
	for {
		select {
		case <-ctx.Done():
			child.Process.Kill()
			child.Wait()
			return ctx.Err()
		case <-ticker.C:
			if live {
				mu.Lock()
				fmt.Fprintf(out, "\r    committed %6d transfers", len(acked))
				mu.Unlock()
			}
		case <-timer.C:
			break wait
		}
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		return fmt.Errorf("kill the bank process: %w", err)
	}
	werr := child.Wait()
	<-readDone
	if live {
		fmt.Fprint(out, "\r")
	}
	fmt.Fprintf(out, "    committed %6d transfers (acknowledged by the bank process before it died)\n", len(acked))
	say("    bank process ended: %v", werr)

	// 3. Recover.
	say("\n[2] reopen the store: recovery replays the recovery file")
	s, err = openDemoStore(dir, o.strategy)
	if err != nil {
		return fmt.Errorf("recovery failed: %w", err)
	}
	defer s.Close()
	rep := s.Recovery()
	say("    replayed   %d records, %d bytes, in %v", rep.Records, rep.Bytes, rep.Duration.Round(time.Microsecond))
	say("    committed  %d transactions since the last checkpoint; %d data items", rep.Committed, rep.Items)
	say("    aborted    %d prepared transactions", rep.Aborted)
	say("    in doubt   %d prepared transactions, holding their locks", rep.Prepared)
	say("    discarded  %d unfinished transactions", rep.Discarded)
	if rep.TruncatedAt >= 0 {
		say("    torn tail  %d bytes cut at offset %d (%s)", rep.TruncatedBytes, rep.TruncatedAt, rep.TruncateReason)
	} else {
		say("    torn tail  none (SIGKILL leaves the kernel's page cache intact; the crash tests tear writes)")
	}

	// 4. Check the books.
	say("\n[3] check the books")
	failures := 0
	check := func(ok bool, format string, args ...any) {
		mark := "ok  "
		if !ok {
			mark = "FAIL"
			failures++
		}
		say("    %s %s", mark, fmt.Sprintf(format, args...))
	}
	var lost, invented []string
	for id := range acked {
		if _, ok := s.Get("xfer/" + id); !ok {
			lost = append(lost, id)
		}
	}
	present := 0
	s.Range(func(k string, _ []byte) bool {
		if id, ok := strings.CutPrefix(k, "xfer/"); ok {
			present++
			if !attempted[id] {
				invented = append(invented, id)
			}
		}
		return true
	})
	slices.Sort(lost)
	slices.Sort(invented)
	check(len(lost) == 0, "every acknowledged transfer survived (%d acknowledged, %d lost %v)", len(acked), len(lost), lost)
	check(len(invented) == 0, "no transfer appears that was never attempted (%d present, %d invented %v)", present, len(invented), invented)
	got, err := demoTotal(s, o.accounts)
	if err != nil {
		return err
	}
	check(got == total, "total balance unchanged with %d transfers in doubt: %d (want %d)", len(s.Prepared()), got, total)

	// 5. Decide the in-doubt transfers: with no coordinator record of a commit decision,
	// presumed abort says abort. (The coordinator in this demo never logged decisions.)
	decided := 0
	for _, tx := range s.Prepared() {
		if err := tx.Abort(); err != nil {
			return fmt.Errorf("abort in-doubt %v: %w", tx, err)
		}
		decided++
	}
	got, err = demoTotal(s, o.accounts)
	if err != nil {
		return err
	}
	check(got == total && len(s.Prepared()) == 0, "after aborting the %d in-doubt transfers (presumed abort): total %d, none in doubt", decided, got)
	if failures > 0 {
		return fmt.Errorf("%d checks failed; store kept at %s", failures, dir)
	}
	say("\nAll checks passed. Run it again with --dir to keep the store and watch recovery accumulate.")
	return nil
}

func demoBalance(v int64) []byte { return binary.LittleEndian.AppendUint64(nil, uint64(v)) }

func demoTotal(s *recovery.Store, accounts int) (int64, error) {
	var total int64
	for i := range accounts {
		v, ok := s.Get(acctKey(i))
		if !ok {
			continue
		}
		if len(v) != 8 {
			return 0, fmt.Errorf("account %s holds %d bytes, not a balance", acctKey(i), len(v))
		}
		total += int64(binary.LittleEndian.Uint64(v))
	}
	return total, nil
}

// newDemoBankWorkerCmd is the child process of the demo. It prints "try ID" before each
// transfer and "ack ID" once its commit returned, so the parent knows what to expect after the
// kill.
func newDemoBankWorkerCmd() *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:    "bank-worker",
		Short:  "The bank process of the demo (started by warden demo)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBankWorker(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.dir, "dir", "", "data directory of the store")
	f.StringVar(&o.strategy, "strategy", "log", "durability strategy: log or shadow")
	f.IntVar(&o.accounts, "accounts", 10, "bank: number of accounts")
	f.IntVar(&o.workers, "workers", 8, "concurrent workers")
	f.Uint64Var(&o.seed, "seed", 1, "seed for the transfers")
	cmd.MarkFlagRequired("dir")
	return cmd
}

func runBankWorker(ctx context.Context, o demoOptions) error {
	s, err := openDemoStore(o.dir, o.strategy)
	if err != nil {
		return err
	}
	defer s.Close()
	out := bufio.NewWriter(os.Stdout)
	var outMu sync.Mutex
	emit := func(kind, id string) {
		outMu.Lock()
		fmt.Fprintf(out, "%s %s\n", kind, id)
		out.Flush()
		outMu.Unlock()
	}
	var wg sync.WaitGroup
	errc := make(chan error, o.workers)
	for w := range o.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(o.seed, uint64(w)))
			// A global transfer stays prepared (in doubt, holding its locks) until this worker
			// has done one more transfer, as if its coordinator were slow to decide; then it
			// commits.
			var inDoubt *recovery.Tx
			decide := func() error {
				if inDoubt == nil {
					return nil
				}
				if err := inDoubt.Commit(); err != nil {
					return err
				}
				emit("ack", strings.TrimPrefix(inDoubt.GlobalID(), "demo/"))
				inDoubt = nil
				return nil
			}
			for n := 0; ctx.Err() == nil; n++ {
				id := fmt.Sprintf("%d-%d-%d", os.Getpid(), w, n)
				from, to := rng.IntN(o.accounts), rng.IntN(o.accounts-1)
				if to >= from {
					to++
				}
				global := inDoubt == nil && rng.IntN(4) == 0
				emit("try", id)
				tx, err := bankTransfer(ctx, s, from, to, int64(1+rng.IntN(100)), id, global)
				switch {
				case errors.Is(err, recovery.ErrLockTimeout) || errors.Is(err, errInsufficient):
				case err != nil:
					errc <- err
					return
				case tx != nil:
					inDoubt = tx
					continue
				default:
					emit("ack", id)
				}
				if err := decide(); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	return <-errc
}

var errInsufficient = errors.New("insufficient funds")

// bankTransfer moves amount between two accounts and records the transfer. A global transfer is
// only prepared and returned; others commit and return nil.
func bankTransfer(ctx context.Context, s *recovery.Store, from, to int, amount int64, id string, global bool) (*recovery.Tx, error) {
	var tx *recovery.Tx
	if global {
		tx = s.BeginGlobal("demo/" + id)
	} else {
		tx = s.Begin()
	}
	keys := []string{acctKey(from), acctKey(to)}
	slices.Sort(keys) // lock in key order: no deadlocks between transfers
	bal := make(map[string]int64, 2)
	for _, k := range keys {
		v, _, err := tx.GetForUpdate(ctx, k)
		if err != nil {
			tx.Abort()
			return nil, err
		}
		bal[k] = int64(binary.LittleEndian.Uint64(v))
	}
	if bal[acctKey(from)] < amount {
		tx.Abort()
		return nil, errInsufficient
	}
	bal[acctKey(from)] -= amount
	bal[acctKey(to)] += amount
	for _, k := range keys {
		if err := tx.Put(ctx, k, demoBalance(bal[k])); err != nil {
			tx.Abort()
			return nil, err
		}
	}
	if err := tx.Put(ctx, "xfer/"+id, []byte(fmt.Sprintf("%s -> %s: %d", acctKey(from), acctKey(to), amount))); err != nil {
		tx.Abort()
		return nil, err
	}
	if global {
		return tx, tx.Prepare()
	}
	return nil, tx.Commit()
}

// isTerminal reports whether w is a terminal, where a progress line may redraw itself.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
