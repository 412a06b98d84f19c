package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestCLI runs the README's tour and every kind of bad input against real processes.
func TestCLI(t *testing.T) {
	c := startBank(t)
	steps := []struct {
		args string
		code int
		want string
	}{
		{"open A/alice", 0, "opened A/alice"},
		{"open B/bob", 0, "opened B/bob"},
		{"deposit A/alice 100 --id d1", 0, "balance 100, request id d1"},
		{"deposit A/alice 100 --id d1", 0, "already applied before: not applied again"},
		{"transfer A/alice B/bob 30", 0, "two-phase commit, gid coord."},
		{"open A/carol", 0, "opened A/carol"},
		{"transfer A/alice A/carol 5", 0, "one local transaction at branch A"},
		{"balance A/alice", 0, "A/alice 65"},
		{"balance B/bob", 0, "B/bob 30"},
		{"audit --id d1", 0, "total 100 over 2 branches; 0 transfers in doubt"},
		// Bad input: the right code, the field named, nothing changed.
		{"transfer A/alice B/bob 1000", 1, "FailedPrecondition: transfer cli-"},
		{"withdraw A/alice 0", 1, "InvalidArgument: withdraw (request id"},
		{"withdraw A/alice -- -5", 1, "amount: -5 must be positive"},
		{"deposit A/nobody 5", 1, `NotFound: deposit (request id`},
		{"transfer A/alice B/nobody 5", 1, `account "nobody" does not exist at branch B`},
		{"balance A/al%ice", 1, `InvalidArgument: ACCOUNT: "A/al%ice" is not BRANCH/account`},
		{"balance alice", 1, `is not BRANCH/account`},
		{"balance X/alice", 1, `unknown branch "X" (known: A, B)`},
		{"open A/alice", 1, "AlreadyExists: account A/alice already exists"},
		{"deposit A/alice 5 --id d1", 1, `request_id: "d1" was used before for "deposit alice 100", not "deposit alice 5"`},
		{"transfer A/alice A/alice 5", 1, `to: "alice" is the same account as from`},
		{"deposit A/alice ten", 2, `AMOUNT: "ten" is not a whole number`},
		{"audit", 0, "A/alice 65"},
		{"transfer A/alice B/bob 5 --id bad/id", 1, `InvalidArgument`},
		{"audit", 0, "total 100 over 2 branches; 0 transfers in doubt"},
	}
	for _, s := range steps {
		out, code := c.run(strings.Fields(s.args)...)
		if code != s.code || !strings.Contains(out, s.want) {
			t.Errorf("bank %s: exit %d, output:\n%s\nwant exit %d and %q", s.args, code, out, s.code, s.want)
		}
	}
	// The insufficient-funds error names the account, the balance and the amount.
	out, _ := c.run("transfer", "A/alice", "B/bob", "1000")
	if !strings.Contains(out, "FUNDS A/alice: balance 65 is less than amount 1000") {
		t.Errorf("insufficient funds details missing:\n%s", out)
	}
	// The failed transfer is not applied anywhere, the successful one at both branches; audit
	// says so by request id and by gid.
	out, _ = c.run("transfer", "A/alice", "B/bob", "1000", "--id", "t-fail")
	if !strings.Contains(out, "transfer t-fail (gid coord.") {
		t.Fatalf("failed transfer does not name its request id and gid:\n%s", out)
	}
	out, _ = c.run("transfer", "A/alice", "B/bob", "1", "--id", "t-ok")
	gid := regexp.MustCompile(`gid (coord\.\d+\.\d+)`).FindStringSubmatch(out)
	if gid == nil {
		t.Fatalf("no gid in %q", out)
	}
	out, code := c.run("audit", "--id", "t-fail", "--id", "t-ok", "--id", gid[1])
	for _, want := range []string{"t-fail: not applied", "t-ok: applied at A and B", gid[1] + ": applied at A and B"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("audit: exit %d, want %q in\n%s", code, want, out)
		}
	}
	// A retry with the same request id is refused at both branches: nothing applied twice.
	out, code = c.run("transfer", "A/alice", "B/bob", "1", "--id", "t-ok")
	if code != 1 || !strings.Contains(out, `AlreadyExists`) || !strings.Contains(out, `request id "t-ok" was already applied`) {
		t.Errorf("repeated cross-branch transfer: exit %d\n%s", code, out)
	}
}

func TestHelpIsHonest(t *testing.T) {
	for _, verb := range []string{"coordinator", "branch", "open", "deposit", "withdraw", "transfer", "balance", "audit"} {
		out, code := runBank(t, verb, "--help")
		if code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("bank %s --help: exit %d\n%s", verb, code, out)
		}
	}
	out, code := runBank(t, "branch", "--data", t.TempDir())
	if code != 2 || !strings.Contains(out, "--name: required") {
		t.Errorf("branch without --name: exit %d\n%s", code, out)
	}
	out, code = runBank(t, "coordinator", "--listen", "127.0.0.1:0")
	if code != 2 || !strings.Contains(out, "--data: required") {
		t.Errorf("coordinator without --data: exit %d\n%s", code, out)
	}
	t.Setenv(killEnv, "nowhere")
	out, code = runBank(t, "coordinator", "--data", t.TempDir(), "--listen", "127.0.0.1:0")
	if code != 2 || !strings.Contains(out, `unknown kill point "nowhere"`) {
		t.Errorf("bad %s: exit %d\n%s", killEnv, code, out)
	}
}
