// Command bank is the seeds' banking service on Warden: branch servers holding accounts in
// recovery stores, a two-phase-commit coordinator, and a client for transfers and audits.
//
//	bank coordinator --listen 127.0.0.1:7100 --data bank-data/coordinator
//	bank branch --name A --listen 127.0.0.1:7101 --data bank-data/A
//	bank branch --name B --listen 127.0.0.1:7102 --data bank-data/B
//	bank open A/alice && bank deposit A/alice 100
//	bank transfer A/alice B/bob 30
//	bank audit
//
// Run `bank help` for every verb and flag.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/wardenft/warden/examples/bank/banking"
	"github.com/wardenft/warden/txn"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
)

// Defaults shared by the servers and the client, so that the README's commands work as written.
const (
	defaultCoordinator = "127.0.0.1:7100"
	defaultBranches    = "A=127.0.0.1:7101,B=127.0.0.1:7102"
	killEnv            = "BANK_KILL_AT"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRoot().ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bank:", describe(err))
		os.Exit(exitCode(err))
	}
}

// exitCode: 1 for an error from a server or the protocol, 2 for bad usage.
func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

// describe renders an error with its gRPC code and details.
func describe(err error) string {
	st, ok := status.FromError(err)
	if !ok {
		return err.Error()
	}
	var b strings.Builder
	msg := strings.Replace(err.Error(), "rpc error: code = "+st.Code().String()+" desc = ", "", 1)
	fmt.Fprintf(&b, "%s: %s", st.Code(), msg)
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			keys := make([]string, 0, len(d.Metadata))
			for k := range d.Metadata {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			fmt.Fprintf(&b, "\n  reason: %s", d.Reason)
			for _, k := range keys {
				fmt.Fprintf(&b, "\n  %s: %s", k, d.Metadata[k])
			}
		case *errdetails.RetryInfo:
			fmt.Fprintf(&b, "\n  retry after: %v", d.RetryDelay.AsDuration())
		case *errdetails.PreconditionFailure:
			for _, v := range d.Violations {
				fmt.Fprintf(&b, "\n  %s %s: %s", v.Type, v.Subject, v.Description)
			}
		}
	}
	return b.String()
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "bank",
		Short: "The seeds' banking service: branches, a 2PC coordinator, transfers and audits",
		Long: `bank runs the banking service of the seed lecture on Warden.

Each branch keeps its accounts in a recovery store (warden/recovery): every operation is a
durable transaction. A transfer within one branch is one local transaction. A transfer between
branches is a global transaction under two-phase commit (warden/txn): the client begins it at
the coordinator, withdraws at one branch and deposits at the other, then asks the coordinator
to commit; the coordinator prepares both branches, makes its decision durable, and tells them.

The coordinator is a process of its own, not part of the client: its log of decisions must
outlive any client, and branches that restart while a transfer is prepared must have a stable
address to ask for the decision. A client that dies mid-transfer leaves nothing in doubt.

Servers:   bank coordinator, bank branch
Client:    bank open, deposit, withdraw, transfer, balance, audit`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newCoordinatorCmd(), newBranchCmd())
	for _, c := range newClientCmds() {
		root.AddCommand(c)
	}
	return root
}

func newLogger(level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError{fmt.Errorf("--log-level: %q is not debug, info, warn or error", level)}
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})), nil
}

// killHook reads BANK_KILL_AT (fault tests): kill this process at a named protocol step.
func killHook(log *slog.Logger) (func(string), error) {
	spec := os.Getenv(killEnv)
	if spec == "" {
		return nil, nil
	}
	h, err := txn.KillHook(spec, log)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", killEnv, err)
	}
	return h, nil
}

// serve listens on addr, prints the address it got, and serves until ctx is done.
func serve(ctx context.Context, cmd *cobra.Command, what, addr string, register func(*grpc.Server, string) (func(), error)) error {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--listen: %w", err)
	}
	gs := grpc.NewServer()
	cleanup, err := register(gs, lis.Addr().String())
	if err != nil {
		lis.Close()
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s listening on %s\n", what, lis.Addr())
	errc := make(chan error, 1)
	go func() { errc <- gs.Serve(lis) }()
	select {
	case <-ctx.Done():
		gs.GracefulStop()
	case err = <-errc:
	}
	cleanup()
	return err
}

func newCoordinatorCmd() *cobra.Command {
	var listen, data, name, advertise, logLevel string
	var voteTimeout, activeTimeout time.Duration
	cmd := &cobra.Command{
		Use:   "coordinator",
		Short: "Run the two-phase-commit coordinator for transfers between branches",
		Long: `coordinator runs warden.txn.v1.CoordinatorService. It logs each commit decision in its
recovery store (--data) before telling the branches, re-sends decisions that were not
acknowledged when it restarts, and presumes abort for transactions it has no decision for.
It prints "coordinator listening on ADDR" once it serves.

For fault tests, the environment variable BANK_KILL_AT=POINT[:N] makes the process SIGKILL
itself the Nth time it reaches the named protocol step (see txn.KillPoints).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := newLogger(logLevel)
			if err != nil {
				return err
			}
			hook, err := killHook(log)
			if err != nil {
				return usageError{err}
			}
			if data == "" {
				return usageError{errors.New("--data: required (the directory of the coordinator's log)")}
			}
			return serve(cmd.Context(), cmd, "coordinator", listen, func(gs *grpc.Server, addr string) (func(), error) {
				if advertise != "" {
					addr = advertise
				}
				cfg := txn.CoordinatorServerConfig{Core: txn.DefaultCoordinatorConfig(), Dir: data, Address: addr, Hook: hook, Logger: log}
				cfg.Core.Name = name
				cfg.Core.VoteTimeout = voteTimeout
				cfg.Core.ActiveTimeout = activeTimeout
				c, err := txn.OpenCoordinator(cfg)
				if err != nil {
					return nil, err
				}
				txnv1.RegisterCoordinatorServiceServer(gs, c)
				log.Info("coordinator started", "name", name, "incarnation", c.Incarnation(), "address", addr, "data", data)
				return func() { c.Close() }, nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&listen, "listen", defaultCoordinator, "address to serve on (host:port; port 0 picks one)")
	f.StringVar(&advertise, "advertise", "", "address branches dial to reach this coordinator (default: the address it listens on)")
	f.StringVar(&data, "data", "", "directory of the coordinator's log (created if missing; required)")
	f.StringVar(&name, "name", "coord", "coordinator name, the prefix of every gid it issues")
	f.DurationVar(&voteTimeout, "vote-timeout", 5*time.Second, "abort a transfer whose branches have not all voted within this time of Commit")
	f.DurationVar(&activeTimeout, "active-timeout", 30*time.Second, "abort a transfer not committed within this time of Begin")
	f.StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error (logs go to stderr)")
	return cmd
}

func newBranchCmd() *cobra.Command {
	var listen, data, name, logLevel string
	var lockTimeout, decisionTimeout, activeTimeout time.Duration
	cmd := &cobra.Command{
		Use:   "branch",
		Short: "Run one branch server: accounts in a recovery store, and a 2PC participant",
		Long: `branch runs warden.bank.v1.BranchService and warden.txn.v1.ParticipantService on one port.
Accounts live in a recovery store (--data); every operation is durable when it returns.
A branch restarted with transfers prepared holds their accounts locked and asks the
coordinator for each decision (then the other branch, if the coordinator is down).
It prints "branch NAME listening on ADDR" once it serves.

For fault tests, the environment variable BANK_KILL_AT=POINT[:N] makes the process SIGKILL
itself the Nth time it reaches the named protocol step (see txn.KillPoints).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := newLogger(logLevel)
			if err != nil {
				return err
			}
			hook, err := killHook(log)
			if err != nil {
				return usageError{err}
			}
			if name == "" {
				return usageError{errors.New("--name: required (the branch name, e.g. A)")}
			}
			if data == "" {
				return usageError{errors.New("--data: required (the directory of the branch's store)")}
			}
			log = log.With("branch", name)
			return serve(cmd.Context(), cmd, "branch "+name, listen, func(gs *grpc.Server, _ string) (func(), error) {
				pc := txn.DefaultParticipantConfig(name)
				pc.DecisionTimeout = decisionTimeout
				pc.MaxAskInterval = max(10*decisionTimeout, pc.MaxAskInterval)
				pc.ActiveTimeout = activeTimeout
				cfg := banking.BranchConfig{Name: name, Dir: data, Participant: pc, Hook: hook, Logger: log}
				cfg.Store.LockTimeout = lockTimeout
				b, err := banking.OpenBranch(cfg)
				if err != nil {
					return nil, err
				}
				b.Register(gs)
				rep := b.Store().Recovery()
				log.Info("branch started", "data", data, "recovered", rep.String())
				return func() { b.Close() }, nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "branch name, e.g. A (required)")
	f.StringVar(&listen, "listen", "127.0.0.1:7101", "address to serve on (host:port; port 0 picks one)")
	f.StringVar(&data, "data", "", "directory of the branch's recovery store (created if missing; required)")
	f.DurationVar(&lockTimeout, "lock-timeout", 500*time.Millisecond, "longest wait for a locked account before a request fails with ABORTED (retryable)")
	f.DurationVar(&decisionTimeout, "decision-timeout", time.Second, "a prepared transfer asks the coordinator for the decision after this long, then with backoff")
	f.DurationVar(&activeTimeout, "active-timeout", 30*time.Second, "abort a transfer's work here if no Prepare comes within this long")
	f.StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error (logs go to stderr)")
	return cmd
}

type clientFlags struct {
	coordinator string
	branches    string
	timeout     time.Duration
	retries     int
}

func (f *clientFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.coordinator, "coordinator", defaultCoordinator, "coordinator address")
	fl.StringVar(&f.branches, "branches", defaultBranches, "branches as NAME=ADDR,NAME=ADDR")
	fl.DurationVar(&f.timeout, "timeout", 10*time.Second, "give up after this long")
}

func (f *clientFlags) client() (*banking.Client, error) {
	m := map[string]string{}
	for _, kv := range strings.Split(f.branches, ",") {
		name, addr, ok := strings.Cut(kv, "=")
		if !ok || name == "" || addr == "" {
			return nil, usageError{fmt.Errorf("--branches: %q is not NAME=ADDR", kv)}
		}
		m[name] = addr
	}
	return banking.NewClient(f.coordinator, m)
}

func parseAmount(s string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, usageError{fmt.Errorf("AMOUNT: %q is not a whole number", s)}
	}
	return v, nil
}

// retry runs op, retrying lock conflicts (which changed nothing) up to n times.
func retry(ctx context.Context, n int, op func() error) error {
	for i := 0; ; i++ {
		err := op()
		if err == nil || i >= n || !banking.IsLockConflict(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(10*(i+1)) * time.Millisecond):
		}
	}
}

func newID() string { return fmt.Sprintf("cli-%d-%d", time.Now().UnixNano(), os.Getpid()) }

func newClientCmds() []*cobra.Command {
	withClient := func(f *clientFlags, run func(ctx context.Context, cmd *cobra.Command, c *banking.Client, args []string) error) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			c, err := f.client()
			if err != nil {
				return err
			}
			defer c.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
			defer cancel()
			return run(ctx, cmd, c, args)
		}
	}
	out := func(cmd *cobra.Command, format string, args ...any) {
		fmt.Fprintf(cmd.OutOrStdout(), format+"\n", args...)
	}

	var openF clientFlags
	open := &cobra.Command{
		Use:   "open BRANCH/ACCOUNT",
		Short: "Open an account with balance 0",
		Args:  cobra.ExactArgs(1),
		RunE: withClient(&openF, func(ctx context.Context, cmd *cobra.Command, c *banking.Client, args []string) error {
			a, err := banking.ParseAccount("ACCOUNT", args[0])
			if err != nil {
				return err
			}
			if err := c.OpenAccount(ctx, a); err != nil {
				return err
			}
			out(cmd, "opened %s", a)
			return nil
		}),
	}
	openF.add(open)

	change := func(verb, short string) *cobra.Command {
		var f clientFlags
		var id string
		cmd := &cobra.Command{
			Use:   verb + " BRANCH/ACCOUNT AMOUNT",
			Short: short,
			Long: short + `. The operation carries a request id (--id, or a fresh one): retrying it with the
same id never applies it twice, and "bank audit --id ID" says whether it was applied.
Lock conflicts are retried --retries times.`,
			Args: cobra.ExactArgs(2),
			RunE: withClient(&f, func(ctx context.Context, cmd *cobra.Command, c *banking.Client, args []string) error {
				a, err := banking.ParseAccount("ACCOUNT", args[0])
				if err != nil {
					return err
				}
				amount, err := parseAmount(args[1])
				if err != nil {
					return err
				}
				if id == "" {
					id = newID()
				}
				var bal int64
				var dup bool
				err = retry(ctx, f.retries, func() error {
					if verb == "deposit" {
						r, err := c.Deposit(ctx, a, amount, id)
						if err == nil {
							bal, dup = r.Balance, r.Duplicate
						}
						return err
					}
					r, err := c.Withdraw(ctx, a, amount, id)
					if err == nil {
						bal, dup = r.Balance, r.Duplicate
					}
					return err
				})
				if err != nil {
					return fmt.Errorf("%s (request id %s): %w", verb, id, err)
				}
				note := ""
				if dup {
					note = " (already applied before: not applied again)"
				}
				out(cmd, "%s %s %d: balance %d, request id %s%s", verb, a, amount, bal, id, note)
				return nil
			}),
		}
		f.add(cmd)
		cmd.Flags().StringVar(&id, "id", "", "request id (default: a new one)")
		cmd.Flags().IntVar(&f.retries, "retries", 3, "retries of lock conflicts")
		return cmd
	}

	var trF clientFlags
	var trID string
	transfer := &cobra.Command{
		Use:   "transfer FROM TO AMOUNT",
		Short: "Move AMOUNT from one account to another (BRANCH/ACCOUNT each)",
		Long: `transfer moves AMOUNT between two accounts, written BRANCH/ACCOUNT.

Every transfer carries a request id (--id, or a fresh one) that the branches record with it:
retrying with the same id never applies it twice, and "bank audit --id ID" says where it was
applied. Within one branch a transfer is one local transaction. Between branches it is a
one-shot global transaction under two-phase commit through the coordinator: each branch
executes its half (withdraw, deposit) and prepares in one step, and the coordinator commits
both or neither; the output names the gid. If it fails with a timeout or UNAVAILABLE, audit
tells whether it was applied (at both branches or at none). Lock conflicts (ABORTED,
LOCK_CONFLICT) changed nothing and are retried --retries times with the same request id.`,
		Args: cobra.ExactArgs(3),
		RunE: withClient(&trF, func(ctx context.Context, cmd *cobra.Command, c *banking.Client, args []string) error {
			from, err := banking.ParseAccount("FROM", args[0])
			if err != nil {
				return err
			}
			to, err := banking.ParseAccount("TO", args[1])
			if err != nil {
				return err
			}
			amount, err := parseAmount(args[2])
			if err != nil {
				return err
			}
			if trID == "" {
				trID = newID()
			}
			var r banking.TransferResult
			err = retry(ctx, trF.retries, func() error {
				var err error
				r, err = c.Transfer(ctx, from, to, amount, trID)
				return err
			})
			if err != nil {
				if r.Local {
					return fmt.Errorf("transfer %s: %w", trID, err)
				}
				return err
			}
			if r.Local {
				out(cmd, "transferred %d from %s to %s (one local transaction at branch %s, request id %s): balances %d and %d", amount, from, to, from.Branch, trID, r.FromBalance, r.ToBalance)
			} else {
				out(cmd, "transferred %d from %s to %s (two-phase commit, gid %s, request id %s)", amount, from, to, r.GID, trID)
			}
			return nil
		}),
	}
	trF.add(transfer)
	transfer.Flags().StringVar(&trID, "id", "", "request id (default: a new one)")
	transfer.Flags().IntVar(&trF.retries, "retries", 3, "retries of lock conflicts")

	var balF clientFlags
	balance := &cobra.Command{
		Use:   "balance BRANCH/ACCOUNT",
		Short: "Print an account's balance",
		Args:  cobra.ExactArgs(1),
		RunE: withClient(&balF, func(ctx context.Context, cmd *cobra.Command, c *banking.Client, args []string) error {
			a, err := banking.ParseAccount("ACCOUNT", args[0])
			if err != nil {
				return err
			}
			bal, err := c.Balance(ctx, a)
			if err != nil {
				return err
			}
			out(cmd, "%s %d", a, bal)
			return nil
		}),
	}
	balF.add(balance)

	var auF clientFlags
	var ids []string
	audit := &cobra.Command{
		Use:   "audit",
		Short: "Print every branch's accounts and total, transfers in doubt, and whether given ids were applied",
		Long: `audit asks every branch for its accounts and their total, the global transactions prepared
there and not yet decided (in doubt), and, for each --id (a request id or a gid), which
branches applied it: a cross-branch transfer's request id shows at both branches or at none.
A gid applied at one branch only would be a broken transfer: audit reports it and exits 1.`,
		Args: cobra.NoArgs,
		RunE: withClient(&auF, func(ctx context.Context, cmd *cobra.Command, c *banking.Client, _ []string) error {
			rs, err := c.Audit(ctx, ids)
			if err != nil {
				return err
			}
			var total int64
			var doubt int
			applied := map[string][]string{}
			for _, name := range c.Branches() {
				r := rs[name]
				out(cmd, "branch %s: %d accounts, total %d", name, len(r.Accounts), r.Total)
				for _, a := range r.Accounts {
					out(cmd, "  %s/%s %d", name, a.Name, a.Balance)
				}
				if len(r.InDoubt) > 0 {
					out(cmd, "  in doubt: %s", strings.Join(r.InDoubt, " "))
				}
				total += r.Total
				doubt += len(r.InDoubt)
				for _, id := range r.Applied {
					applied[id] = append(applied[id], name)
				}
			}
			out(cmd, "total %d over %d branches; %d transfers in doubt", total, len(rs), doubt)
			broken := false
			for _, id := range ids {
				where := applied[id]
				switch {
				case len(where) == 0:
					out(cmd, "%s: not applied", id)
				default:
					out(cmd, "%s: applied at %s", id, strings.Join(where, " and "))
					if _, _, _, isGID := txn.ParseGID(id); isGID && len(where) == 1 { // a transfer spans two branches
						broken = true
					}
				}
			}
			if broken {
				return errors.New("a global transaction is applied at some branches only")
			}
			return nil
		}),
	}
	auF.add(audit)
	audit.Flags().StringSliceVar(&ids, "id", nil, "request id or gid to look up (repeatable)")

	return []*cobra.Command{open, change("deposit", "Add AMOUNT to an account"), change("withdraw", "Take AMOUNT from an account"), transfer, balance, audit}
}
