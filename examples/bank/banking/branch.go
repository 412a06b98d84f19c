package banking

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	bankv1 "github.com/wardenft/warden/api/warden/bank/v1"
	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
	"github.com/wardenft/warden/recovery"
	"github.com/wardenft/warden/txn"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// BranchConfig configures a branch server.
type BranchConfig struct {
	// Name is the branch's name (A, B, ...): accounts are written Name/account.
	Name string
	// Dir holds the branch's recovery store.
	Dir string
	// Store configures the recovery store; zero fields take its defaults, except LockTimeout
	// (default here 500ms): a request that waits longer for an account fails with ABORTED
	// (LOCK_CONFLICT) and changed nothing.
	Store recovery.Options
	// Participant configures the branch's two-phase-commit participant (timeouts); Name and
	// Committed are set by the branch.
	Participant txn.ParticipantConfig
	// Hook is called at every kill point (see txn.KillPoints); nil for none.
	Hook func(point string)
	// Logger: default slog.Default().
	Logger *slog.Logger
}

// Branch is one branch of the bank: accounts in a recovery store, served as BranchService, and
// a two-phase-commit participant (ParticipantService) for transfers between branches.
type Branch struct {
	bankv1.UnimplementedBranchServiceServer
	name  string
	store *recovery.Store
	part  *txn.ParticipantServer
	log   *slog.Logger
	lockT time.Duration
}

// Keys in the branch's store.
const (
	accountPrefix = "acct/"
	opPrefix      = "op/"  // request id of an applied local operation -> its description
	txnPrefix     = "txn/" // commit markers of global transactions (package txn)
)

var (
	accountRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)
	idRE      = regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,128}$`)
)

// OpenBranch opens (or creates) the branch's store, recovering its accounts and any transfer
// that was prepared when it stopped, and starts its participant.
func OpenBranch(cfg BranchConfig) (*Branch, error) {
	if !accountRE.MatchString(cfg.Name) {
		return nil, fmt.Errorf("branch name %q: want 1 to 64 characters from [A-Za-z0-9_.-]", cfg.Name)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Store.LockTimeout == 0 {
		cfg.Store.LockTimeout = 500 * time.Millisecond
	}
	if cfg.Store.Logger == nil {
		cfg.Store.Logger = cfg.Logger
	}
	st, err := recovery.Open(cfg.Dir, cfg.Store)
	if err != nil {
		return nil, err
	}
	pc := cfg.Participant
	if pc.ActiveTimeout == 0 {
		pc = txn.DefaultParticipantConfig(cfg.Name)
	}
	pc.Name = cfg.Name
	b := &Branch{name: cfg.Name, store: st, log: cfg.Logger, lockT: cfg.Store.LockTimeout}
	part, err := txn.NewParticipantServer(txn.ParticipantServerConfig{Core: pc, Store: st, KeyPrefix: txnPrefix, Hook: cfg.Hook, Logger: cfg.Logger, Execute: b.execute})
	if err != nil {
		st.Close()
		return nil, err
	}
	b.part = part
	return b, nil
}

// Register registers BranchService and ParticipantService on gs.
func (b *Branch) Register(gs *grpc.Server) {
	bankv1.RegisterBranchServiceServer(gs, b)
	txnv1.RegisterParticipantServiceServer(gs, b.part)
}

// Close stops the participant and closes the store. Prepared transfers stay prepared.
func (b *Branch) Close() error {
	b.part.Close()
	return b.store.Close()
}

// Store is the branch's recovery store (for tests and stats).
func (b *Branch) Store() *recovery.Store { return b.store }

func encodeBalance(v int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(v)) }

func decodeBalance(b []byte) int64 {
	if len(b) != 8 {
		panic(fmt.Sprintf("bank: invariant violated: balance of %d bytes", len(b)))
	}
	return int64(binary.BigEndian.Uint64(b))
}

func checkAccount(field, name string) error {
	if !accountRE.MatchString(name) {
		return invalid(field, "%q is not an account name (1 to 64 characters from [A-Za-z0-9_.-])", name)
	}
	return nil
}

func checkAmount(a int64) error {
	if a <= 0 {
		return invalid("amount", "%d must be positive", a)
	}
	return nil
}

func checkIDs(requestID, gid string) error {
	if requestID != "" && gid != "" {
		return invalid("request_id", "must be empty when gid is set: the global transaction id identifies the operation")
	}
	if requestID != "" && !idRE.MatchString(requestID) {
		return invalid("request_id", "%q: want 1 to 128 characters from [A-Za-z0-9_.:-]", requestID)
	}
	return nil
}

// balanceForUpdate reads an account with an exclusive lock.
func (b *Branch) balanceForUpdate(ctx context.Context, tx *recovery.Tx, account string) (int64, error) {
	v, ok, err := tx.GetForUpdate(ctx, accountPrefix+account)
	if err != nil {
		return 0, storeError(b.name, err, b.lockT)
	}
	if !ok {
		return 0, notFound(b.name, account)
	}
	return decodeBalance(v), nil
}

func (b *Branch) add(ctx context.Context, tx *recovery.Tx, account string, delta int64) (int64, error) {
	bal, err := b.balanceForUpdate(ctx, tx, account)
	if err != nil {
		return 0, err
	}
	if delta < 0 && bal < -delta {
		return 0, insufficient(b.name, account, bal, -delta)
	}
	if delta > 0 && bal > math.MaxInt64-delta {
		return 0, invalid("amount", "%d would overflow the balance %d of %s/%s", delta, bal, b.name, account)
	}
	if err := tx.Put(ctx, accountPrefix+account, encodeBalance(bal+delta)); err != nil {
		return 0, storeError(b.name, err, b.lockT)
	}
	return bal + delta, nil
}

// local runs fn in a local transaction, deduplicated by requestID (if set): a request id seen
// before returns the current balances of the accounts with duplicate set, if desc matches.
func (b *Branch) local(ctx context.Context, requestID, desc string, accounts []string, fn func(tx *recovery.Tx) ([]int64, error)) ([]int64, bool, error) {
	tx := b.store.Begin()
	defer tx.Abort() // no-op after Commit
	if requestID != "" {
		prev, ok, err := tx.GetForUpdate(ctx, opPrefix+requestID)
		if err != nil {
			return nil, false, storeError(b.name, err, b.lockT)
		}
		if ok {
			if string(prev) != desc {
				return nil, false, invalid("request_id", "%q was used before for %q, not %q", requestID, prev, desc)
			}
			bals := make([]int64, len(accounts))
			for i, a := range accounts {
				v, ok, err := tx.Get(ctx, accountPrefix+a)
				if err != nil {
					return nil, false, storeError(b.name, err, b.lockT)
				}
				if ok {
					bals[i] = decodeBalance(v)
				}
			}
			return bals, true, nil
		}
	}
	bals, err := fn(tx)
	if err != nil {
		return nil, false, err
	}
	if requestID != "" {
		if err := tx.Put(ctx, opPrefix+requestID, []byte(desc)); err != nil {
			return nil, false, storeError(b.name, err, b.lockT)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, false, storeError(b.name, err, b.lockT)
	}
	return bals, false, nil
}

// global runs fn in this branch's part of global transaction gid.
func (b *Branch) global(gid string, fn func(tx *recovery.Tx) error) error {
	var ferr error
	err := b.part.Work(gid, func(tx *recovery.Tx) error { ferr = fn(tx); return nil })
	if err != nil {
		return storeError(b.name, err, b.lockT)
	}
	return ferr
}

// execute runs this branch's part of a one-shot cross-branch transfer (a GlobalWork payload)
// in the global transaction's local transaction, just before it is prepared. Its request id is
// recorded with the change, so Audit finds it exactly when the transfer committed here.
func (b *Branch) execute(ctx context.Context, tx *recovery.Tx, payload []byte) error {
	var w bankv1.GlobalWork
	if err := proto.Unmarshal(payload, &w); err != nil {
		return invalid("work", "not a warden.bank.v1.GlobalWork: %v", err)
	}
	if err := checkAccount("account", w.Account); err != nil {
		return err
	}
	if err := checkAmount(w.Amount); err != nil {
		return err
	}
	if w.RequestId == "" {
		return invalid("request_id", "required for a cross-branch transfer")
	}
	if err := checkIDs(w.RequestId, ""); err != nil {
		return err
	}
	var delta int64
	switch w.Kind {
	case bankv1.GlobalWork_KIND_DEPOSIT:
		delta = w.Amount
	case bankv1.GlobalWork_KIND_WITHDRAW:
		delta = -w.Amount
	default:
		return invalid("kind", "%v is neither deposit nor withdraw", w.Kind)
	}
	if _, ok, err := tx.GetForUpdate(ctx, opPrefix+w.RequestId); err != nil {
		return storeError(b.name, err, b.lockT)
	} else if ok {
		return status.Errorf(codes.AlreadyExists, "request id %q was already applied at branch %s", w.RequestId, b.name)
	}
	if _, err := b.add(ctx, tx, w.Account, delta); err != nil {
		return err
	}
	desc := fmt.Sprintf("%s %s %d (global)", strings.ToLower(strings.TrimPrefix(w.Kind.String(), "KIND_")), w.Account, w.Amount)
	if err := tx.Put(ctx, opPrefix+w.RequestId, []byte(desc)); err != nil {
		return storeError(b.name, err, b.lockT)
	}
	return nil
}

// OpenAccount implements BranchService.OpenAccount.
func (b *Branch) OpenAccount(ctx context.Context, req *bankv1.OpenAccountRequest) (*bankv1.OpenAccountResponse, error) {
	if err := checkAccount("account", req.Account); err != nil {
		return nil, err
	}
	tx := b.store.Begin()
	defer tx.Abort()
	_, ok, err := tx.GetForUpdate(ctx, accountPrefix+req.Account)
	if err != nil {
		return nil, storeError(b.name, err, b.lockT)
	}
	if ok {
		return nil, alreadyExists(b.name, req.Account)
	}
	if err := tx.Put(ctx, accountPrefix+req.Account, encodeBalance(0)); err != nil {
		return nil, storeError(b.name, err, b.lockT)
	}
	if err := tx.Commit(); err != nil {
		return nil, storeError(b.name, err, b.lockT)
	}
	return &bankv1.OpenAccountResponse{}, nil
}

func (b *Branch) change(ctx context.Context, kind, account string, amount int64, requestID, gid string) (int64, bool, error) {
	if err := checkAccount("account", account); err != nil {
		return 0, false, err
	}
	if err := checkAmount(amount); err != nil {
		return 0, false, err
	}
	if err := checkIDs(requestID, gid); err != nil {
		return 0, false, err
	}
	delta := amount
	if kind == "withdraw" {
		delta = -amount
	}
	if gid != "" {
		var bal int64
		err := b.global(gid, func(tx *recovery.Tx) error {
			var err error
			bal, err = b.add(ctx, tx, account, delta)
			return err
		})
		return bal, false, err
	}
	bals, dup, err := b.local(ctx, requestID, fmt.Sprintf("%s %s %d", kind, account, amount), []string{account}, func(tx *recovery.Tx) ([]int64, error) {
		bal, err := b.add(ctx, tx, account, delta)
		return []int64{bal}, err
	})
	if err != nil {
		return 0, false, err
	}
	return bals[0], dup, nil
}

// Deposit implements BranchService.Deposit.
func (b *Branch) Deposit(ctx context.Context, req *bankv1.DepositRequest) (*bankv1.DepositResponse, error) {
	bal, dup, err := b.change(ctx, "deposit", req.Account, req.Amount, req.RequestId, req.Gid)
	if err != nil {
		return nil, err
	}
	return &bankv1.DepositResponse{Balance: bal, Duplicate: dup}, nil
}

// Withdraw implements BranchService.Withdraw.
func (b *Branch) Withdraw(ctx context.Context, req *bankv1.WithdrawRequest) (*bankv1.WithdrawResponse, error) {
	bal, dup, err := b.change(ctx, "withdraw", req.Account, req.Amount, req.RequestId, req.Gid)
	if err != nil {
		return nil, err
	}
	return &bankv1.WithdrawResponse{Balance: bal, Duplicate: dup}, nil
}

// Transfer implements BranchService.Transfer.
func (b *Branch) Transfer(ctx context.Context, req *bankv1.TransferRequest) (*bankv1.TransferResponse, error) {
	if err := checkAccount("from", req.From); err != nil {
		return nil, err
	}
	if err := checkAccount("to", req.To); err != nil {
		return nil, err
	}
	if req.From == req.To {
		return nil, invalid("to", "%q is the same account as from", req.To)
	}
	if err := checkAmount(req.Amount); err != nil {
		return nil, err
	}
	if err := checkIDs(req.RequestId, ""); err != nil {
		return nil, err
	}
	desc := fmt.Sprintf("transfer %s %s %d", req.From, req.To, req.Amount)
	bals, dup, err := b.local(ctx, req.RequestId, desc, []string{req.From, req.To}, func(tx *recovery.Tx) ([]int64, error) {
		// Lock in name order so that two opposite transfers cannot deadlock.
		first, second := req.From, req.To
		if second < first {
			first, second = second, first
		}
		for _, a := range []string{first, second} {
			if _, err := b.balanceForUpdate(ctx, tx, a); err != nil {
				return nil, err
			}
		}
		fb, err := b.add(ctx, tx, req.From, -req.Amount)
		if err != nil {
			return nil, err
		}
		tb, err := b.add(ctx, tx, req.To, req.Amount)
		if err != nil {
			return nil, err
		}
		return []int64{fb, tb}, nil
	})
	if err != nil {
		return nil, err
	}
	return &bankv1.TransferResponse{FromBalance: bals[0], ToBalance: bals[1], Duplicate: dup}, nil
}

// Balance implements BranchService.Balance.
func (b *Branch) Balance(ctx context.Context, req *bankv1.BalanceRequest) (*bankv1.BalanceResponse, error) {
	if err := checkAccount("account", req.Account); err != nil {
		return nil, err
	}
	tx := b.store.Begin()
	defer tx.Abort()
	v, ok, err := tx.Get(ctx, accountPrefix+req.Account)
	if err != nil {
		return nil, storeError(b.name, err, b.lockT)
	}
	if !ok {
		return nil, notFound(b.name, req.Account)
	}
	return &bankv1.BalanceResponse{Balance: decodeBalance(v)}, nil
}

// Audit implements BranchService.Audit.
func (b *Branch) Audit(ctx context.Context, req *bankv1.AuditRequest) (*bankv1.AuditResponse, error) {
	if len(req.Ids) > 100000 {
		return nil, invalid("ids", "%d ids, at most 100000 per call", len(req.Ids))
	}
	resp := &bankv1.AuditResponse{Branch: b.name, InDoubt: b.part.InDoubt()}
	b.store.Range(func(k string, v []byte) bool {
		if name, ok := strings.CutPrefix(k, accountPrefix); ok {
			bal := decodeBalance(v)
			resp.Accounts = append(resp.Accounts, &bankv1.Account{Name: name, Balance: bal})
			resp.Total += bal
		}
		return true
	})
	sort.Slice(resp.Accounts, func(i, j int) bool { return resp.Accounts[i].Name < resp.Accounts[j].Name })
	for _, id := range req.Ids {
		if _, ok := b.store.Get(opPrefix + id); ok || b.part.Committed(id) {
			resp.Applied = append(resp.Applied, id)
		}
	}
	return resp, nil
}
