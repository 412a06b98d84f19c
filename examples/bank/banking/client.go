package banking

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	bankv1 "github.com/wardenft/warden/api/warden/bank/v1"
	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
	"github.com/wardenft/warden/txn"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
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
	// RequestID identifies the transfer at the branches (Audit looks it up): the one given, or
	// a new random one.
	RequestID string
	// GID is the global transaction id of a cross-branch transfer ("" for a local one).
	GID string
	// Local is set for a transfer within one branch (one local transaction).
	Local bool
	// FromBalance and ToBalance are set for a local transfer.
	FromBalance, ToBalance int64
}

// NewRequestID returns a random request id.
func NewRequestID() string {
	var b [12]byte
	rand.Read(b[:])
	return "r-" + hex.EncodeToString(b[:])
}

// Transfer moves amount from one account to another. Within one branch it is one local
// transaction; across branches it is a one-shot global transaction (txn Run): the
// coordinator sends the withdraw and the deposit with the Prepare to each branch, which
// executes and prepares it in one step, then commits both or neither. requestID ("" for a new
// one) is recorded with the transfer at each branch it touches, so that a retry with the same
// id is never applied twice and Audit tells whether it was applied. An error from a
// cross-branch transfer for which txn.IsAborted holds was applied nowhere; for other errors
// (a timeout, the coordinator down) ask Audit.
func (c *Client) Transfer(ctx context.Context, from, to Account, amount int64, requestID string) (TransferResult, error) {
	if requestID == "" {
		requestID = NewRequestID()
	}
	res := TransferResult{RequestID: requestID, Local: from.Branch == to.Branch}
	fb, err := c.Branch("from", from.Branch)
	if err != nil {
		return res, err
	}
	if _, err := c.Branch("to", to.Branch); err != nil {
		return res, err
	}
	if amount <= 0 {
		return res, invalid("amount", "%d must be positive", amount)
	}
	if res.Local {
		r, err := fb.Transfer(ctx, &bankv1.TransferRequest{From: from.Name, To: to.Name, Amount: amount, RequestId: requestID})
		if err != nil {
			return res, err
		}
		res.FromBalance, res.ToBalance = r.FromBalance, r.ToBalance
		return res, nil
	}
	if c.coord == nil {
		return res, status.Error(codes.FailedPrecondition, "a transfer between branches needs a coordinator address")
	}
	work := func(kind bankv1.GlobalWork_Kind, a Account) *txnv1.Work {
		b, err := proto.Marshal(&bankv1.GlobalWork{Kind: kind, Account: a.Name, Amount: amount, RequestId: requestID})
		if err != nil {
			panic(fmt.Sprintf("bank: invariant violated: GlobalWork does not marshal: %v", err))
		}
		return &txnv1.Work{Participant: &txnv1.Participant{Name: a.Branch, Address: c.branches[a.Branch].addr}, Payload: b}
	}
	r, err := c.coord.Run(ctx, &txnv1.RunRequest{Work: []*txnv1.Work{work(bankv1.GlobalWork_KIND_WITHDRAW, from), work(bankv1.GlobalWork_KIND_DEPOSIT, to)}})
	if err != nil {
		res.GID = txn.GID(err)
		return res, &TransferError{GID: res.GID, RequestID: requestID, Err: err}
	}
	res.GID = r.Gid
	return res, nil
}

// TransferError is the error of a cross-branch transfer. If txn.IsAborted(Err) holds it was
// applied nowhere; otherwise Audit with RequestID tells.
type TransferError struct {
	GID       string // "" if the coordinator did not say
	RequestID string
	Err       error
}

func (e *TransferError) Error() string {
	return fmt.Sprintf("transfer %s (gid %s): %v", e.RequestID, e.GID, e.Err)
}
func (e *TransferError) Unwrap() error { return e.Err }

// GRPCStatus lets status.FromError and status.Code see the underlying status.
func (e *TransferError) GRPCStatus() *status.Status {
	st, _ := status.FromError(e.Err)
	return st
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
