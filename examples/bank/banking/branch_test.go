package banking

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	bankv1 "github.com/wardenft/warden/api/warden/bank/v1"
	"github.com/wardenft/warden/recovery"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func openTestBranch(t *testing.T) *Branch {
	t.Helper()
	cfg := BranchConfig{Name: "A", Dir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	cfg.Store.LockTimeout = 50 * time.Millisecond
	b, err := OpenBranch(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	ctx := context.Background()
	for _, a := range []string{"alice", "bob"} {
		if _, err := b.OpenAccount(ctx, &bankv1.OpenAccountRequest{Account: a}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Deposit(ctx, &bankv1.DepositRequest{Account: "alice", Amount: 100}); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBadInputChangesNothing(t *testing.T) {
	b := openTestBranch(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		call  func() error
		code  codes.Code
		field string
	}{
		{"zero amount", func() error {
			_, err := b.Withdraw(ctx, &bankv1.WithdrawRequest{Account: "alice", Amount: 0})
			return err
		}, codes.InvalidArgument, "amount"},
		{"negative amount", func() error {
			_, err := b.Deposit(ctx, &bankv1.DepositRequest{Account: "alice", Amount: -3})
			return err
		}, codes.InvalidArgument, "amount"},
		{"malformed account", func() error {
			_, err := b.Deposit(ctx, &bankv1.DepositRequest{Account: "al/ice", Amount: 3})
			return err
		}, codes.InvalidArgument, "account"},
		{"malformed request id", func() error {
			_, err := b.Deposit(ctx, &bankv1.DepositRequest{Account: "alice", Amount: 3, RequestId: "a b"})
			return err
		}, codes.InvalidArgument, "request_id"},
		{"request id with gid", func() error {
			_, err := b.Deposit(ctx, &bankv1.DepositRequest{Account: "alice", Amount: 3, RequestId: "x", Gid: "coord.1.1"})
			return err
		}, codes.InvalidArgument, "request_id"},
		{"same account", func() error {
			_, err := b.Transfer(ctx, &bankv1.TransferRequest{From: "alice", To: "alice", Amount: 1})
			return err
		}, codes.InvalidArgument, "to"},
		{"unknown account", func() error {
			_, err := b.Withdraw(ctx, &bankv1.WithdrawRequest{Account: "carol", Amount: 1})
			return err
		}, codes.NotFound, ""},
		{"unknown destination", func() error {
			_, err := b.Transfer(ctx, &bankv1.TransferRequest{From: "alice", To: "carol", Amount: 1})
			return err
		}, codes.NotFound, ""},
		{"insufficient funds", func() error {
			_, err := b.Transfer(ctx, &bankv1.TransferRequest{From: "alice", To: "bob", Amount: 101})
			return err
		}, codes.FailedPrecondition, ""},
	} {
		err := tc.call()
		st := status.Convert(err)
		if st.Code() != tc.code {
			t.Errorf("%s: %v, want code %v", tc.name, err, tc.code)
			continue
		}
		if tc.field != "" {
			found := false
			for _, d := range st.Details() {
				if br, ok := d.(*errdetails.BadRequest); ok && br.FieldViolations[0].Field == tc.field {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: %v carries no BadRequest naming %q", tc.name, err, tc.field)
			}
		}
	}
	for acct, want := range map[string]int64{"alice": 100, "bob": 0} {
		r, err := b.Balance(ctx, &bankv1.BalanceRequest{Account: acct})
		if err != nil || r.Balance != want {
			t.Errorf("after bad requests: %s = %v, %v; want %d", acct, r, err, want)
		}
	}
}

func TestLockConflictIsRetryableNotAHang(t *testing.T) {
	b := openTestBranch(t)
	ctx := context.Background()
	// A global transaction's work holds alice.
	err := b.global("coord.1.1", func(tx *recovery.Tx) error { _, err := b.add(ctx, tx, "alice", -10); return err })
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = b.Transfer(ctx, &bankv1.TransferRequest{From: "alice", To: "bob", Amount: 1, RequestId: "r1"})
	if !IsLockConflict(err) {
		t.Fatalf("transfer over a held account: %v, want ABORTED LOCK_CONFLICT", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the conflict took %v to report", d)
	}
	var retry *errdetails.RetryInfo
	for _, d := range status.Convert(err).Details() {
		if r, ok := d.(*errdetails.RetryInfo); ok {
			retry = r
		}
	}
	if retry == nil {
		t.Error("lock conflict carries no RetryInfo")
	}
	// Nothing changed, and the request id was not consumed: the retry applies it once.
	if _, ok := b.store.Get(opPrefix + "r1"); ok {
		t.Error("a failed request left its request id behind")
	}
}

func TestRequestIDDeduplicates(t *testing.T) {
	b := openTestBranch(t)
	ctx := context.Background()
	for i := range 3 {
		r, err := b.Transfer(ctx, &bankv1.TransferRequest{From: "alice", To: "bob", Amount: 10, RequestId: "t1"})
		if err != nil || r.FromBalance != 90 || r.Duplicate != (i > 0) {
			t.Fatalf("attempt %d: %v %v", i, r, err)
		}
	}
}

func TestParseAccount(t *testing.T) {
	for s, ok := range map[string]bool{"A/alice": true, "B/bob_2": true, "alice": false, "A/": false, "/x": false, "A/b/c": false, "A/al ice": false} {
		_, err := ParseAccount("ACCOUNT", s)
		if (err == nil) != ok {
			t.Errorf("ParseAccount(%q) = %v", s, err)
		}
		if err != nil && status.Code(err) != codes.InvalidArgument {
			t.Errorf("ParseAccount(%q): code %v", s, status.Code(err))
		}
	}
}
