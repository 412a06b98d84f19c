package banking

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	bankv1 "github.com/wardenft/warden/api/warden/bank/v1"
	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
	"github.com/wardenft/warden/txn"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Account names an account at a branch: Branch/Name on the command line (A/alice).
type Account struct {
	Branch, Name string
}

func (a Account) String() string { return a.Branch + "/" + a.Name }

// ParseAccount parses BRANCH/name. The error is an INVALID_ARGUMENT status naming field.
func ParseAccount(field, s string) (Account, error) {
	br, name, ok := strings.Cut(s, "/")
	if !ok || !accountRE.MatchString(br) || !accountRE.MatchString(name) {
		return Account{}, invalid(field, "%q is not BRANCH/account (each 1 to 64 characters from [A-Za-z0-9_.-])", s)
	}
	return Account{Branch: br, Name: name}, nil
}

// Client talks to the branches and the coordinator. It is safe for concurrent use.
type Client struct {
	coordAddr string
	coord     txnv1.CoordinatorServiceClient
	branches  map[string]branchConn
	conns     []*grpc.ClientConn
}

type branchConn struct {
	addr string
	cli  bankv1.BranchServiceClient
}

// NewClient connects (lazily) to the coordinator at coordinator and to the branches, given as
// name -> address.
func NewClient(coordinator string, branches map[string]string) (*Client, error) {
	c := &Client{coordAddr: coordinator, branches: make(map[string]branchConn)}
	dial := func(addr string) (*grpc.ClientConn, error) {
		cc, err := grpc.NewClient(addr, txn.DialOptions()...)
		if err == nil {
			c.conns = append(c.conns, cc)
		}
		return cc, err
	}
	if coordinator != "" {
		cc, err := dial(coordinator)
		if err != nil {
			return nil, fmt.Errorf("coordinator %s: %w", coordinator, err)
		}
		c.coord = txnv1.NewCoordinatorServiceClient(cc)
	}
	for name, addr := range branches {
		cc, err := dial(addr)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("branch %s at %s: %w", name, addr, err)
		}
		c.branches[name] = branchConn{addr: addr, cli: bankv1.NewBranchServiceClient(cc)}
	}
	return c, nil
}

// Close closes the connections.
func (c *Client) Close() {
	for _, cc := range c.conns {
		cc.Close()
	}
}

// Branches lists the branch names, sorted.
func (c *Client) Branches() []string {
	var out []string
	for n := range c.branches {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Branch returns the client of one branch, or an INVALID_ARGUMENT error naming field.
func (c *Client) Branch(field, name string) (bankv1.BranchServiceClient, error) {
	b, ok := c.branches[name]
	if !ok {
		return nil, invalid(field, "unknown branch %q (known: %s)", name, strings.Join(c.Branches(), ", "))
	}
	return b.cli, nil
}

// TransferResult says how a transfer ran.
type TransferResult struct {
	// GID is the global transaction id of a cross-branch transfer ("" for a local one, or if
	// the coordinator could not be reached to begin it).
	GID string
	// Local is set for a transfer within one branch (one local transaction).
	Local bool
	// FromBalance and ToBalance are set for a local transfer.
	FromBalance, ToBalance int64
}

// TransferError is the error of a cross-branch transfer that got a gid: whether it was
// applied is known for sure only when txn.IsAborted(Err) holds (it was not) — otherwise ask
// the branches (Audit with the gid).
type TransferError struct {
	GID string
	Err error
}

func (e *TransferError) Error() string { return fmt.Sprintf("transfer %s: %v", e.GID, e.Err) }
func (e *TransferError) Unwrap() error { return e.Err }

// GRPCStatus lets status.FromError and status.Code see the underlying status.
func (e *TransferError) GRPCStatus() *status.Status {
	st, _ := status.FromError(e.Err)
	return st
}

// Transfer moves amount from one account to another. Within one branch it is one local
// transaction (requestID, if set, makes a retry idempotent); across branches it is a global
// transaction: Begin at the coordinator, Withdraw and Deposit at the two branches (in
// parallel), then Commit. If the withdraw or deposit fails, the global transaction is aborted
// and that error is returned.
func (c *Client) Transfer(ctx context.Context, from, to Account, amount int64, requestID string) (TransferResult, error) {
	fb, err := c.Branch("from", from.Branch)
	if err != nil {
		return TransferResult{}, err
	}
	tb, err := c.Branch("to", to.Branch)
	if err != nil {
		return TransferResult{}, err
	}
	if amount <= 0 {
		return TransferResult{}, invalid("amount", "%d must be positive", amount)
	}
	if from.Branch == to.Branch {
		r, err := fb.Transfer(ctx, &bankv1.TransferRequest{From: from.Name, To: to.Name, Amount: amount, RequestId: requestID})
		if err != nil {
			return TransferResult{Local: true}, err
		}
		return TransferResult{Local: true, FromBalance: r.FromBalance, ToBalance: r.ToBalance}, nil
	}
	if from == to {
		return TransferResult{}, invalid("to", "%q is the same account as from", to.String())
	}
	if c.coord == nil {
		return TransferResult{}, status.Error(codes.FailedPrecondition, "a transfer between branches needs a coordinator address")
	}
	br, err := c.coord.Begin(ctx, &txnv1.BeginRequest{Participants: []*txnv1.Participant{
		{Name: from.Branch, Address: c.branches[from.Branch].addr},
		{Name: to.Branch, Address: c.branches[to.Branch].addr},
	}})
	if err != nil {
		return TransferResult{}, err
	}
	gid := br.Gid
	res := TransferResult{GID: gid}
	var wg sync.WaitGroup
	var werr, derr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		_, werr = fb.Withdraw(ctx, &bankv1.WithdrawRequest{Account: from.Name, Amount: amount, Gid: gid})
	}()
	go func() {
		defer wg.Done()
		_, derr = tb.Deposit(ctx, &bankv1.DepositRequest{Account: to.Name, Amount: amount, Gid: gid})
	}()
	wg.Wait()
	if werr == nil {
		werr = derr
	}
	if werr != nil {
		// Nothing will Commit this gid, so it can never commit; Abort releases the locks now
		// rather than at the participants' active timeout.
		_, _ = c.coord.Abort(context.WithoutCancel(ctx), &txnv1.AbortRequest{Gid: gid, Reason: status.Convert(werr).Message()})
		return res, &TransferError{GID: gid, Err: werr}
	}
	if _, err := c.coord.Commit(ctx, &txnv1.CommitRequest{Gid: gid}); err != nil {
		return res, &TransferError{GID: gid, Err: err}
	}
	return res, nil
}

// Deposit adds amount to an account (a local operation at its branch).
func (c *Client) Deposit(ctx context.Context, a Account, amount int64, requestID string) (*bankv1.DepositResponse, error) {
	b, err := c.Branch("account", a.Branch)
	if err != nil {
		return nil, err
	}
	return b.Deposit(ctx, &bankv1.DepositRequest{Account: a.Name, Amount: amount, RequestId: requestID})
}

// Withdraw takes amount from an account (a local operation at its branch).
func (c *Client) Withdraw(ctx context.Context, a Account, amount int64, requestID string) (*bankv1.WithdrawResponse, error) {
	b, err := c.Branch("account", a.Branch)
	if err != nil {
		return nil, err
	}
	return b.Withdraw(ctx, &bankv1.WithdrawRequest{Account: a.Name, Amount: amount, RequestId: requestID})
}

// Balance reads an account's balance.
func (c *Client) Balance(ctx context.Context, a Account) (int64, error) {
	b, err := c.Branch("account", a.Branch)
	if err != nil {
		return 0, err
	}
	r, err := b.Balance(ctx, &bankv1.BalanceRequest{Account: a.Name})
	if err != nil {
		return 0, err
	}
	return r.Balance, nil
}

// OpenAccount creates an account with balance 0.
func (c *Client) OpenAccount(ctx context.Context, a Account) error {
	b, err := c.Branch("account", a.Branch)
	if err != nil {
		return err
	}
	_, err = b.OpenAccount(ctx, &bankv1.OpenAccountRequest{Account: a.Name})
	return err
}

// Audit asks every branch for its accounts, total, transactions in doubt and which of ids it
// applied.
func (c *Client) Audit(ctx context.Context, ids []string) (map[string]*bankv1.AuditResponse, error) {
	out := make(map[string]*bankv1.AuditResponse)
	for _, name := range c.Branches() {
		r, err := c.branches[name].cli.Audit(ctx, &bankv1.AuditRequest{Ids: ids})
		if err != nil {
			return nil, fmt.Errorf("audit of branch %s: %w", name, err)
		}
		out[name] = r
	}
	return out, nil
}
