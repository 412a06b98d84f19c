package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestMain lets the test binary act as the warden binary: with WARDEN_TEST_MAIN=1 it runs main,
// so tests start real warden processes (and the demo's re-exec of itself works) without a
// separate build step.
func TestMain(m *testing.M) {
	if os.Getenv("WARDEN_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func warden(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "WARDEN_TEST_MAIN=1")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestVersion(t *testing.T) {
	out, err := warden(t, "version")
	if err != nil || !strings.HasPrefix(out, "warden ") {
		t.Fatalf("warden version: %v\n%s", err, out)
	}
}

func TestDemoKillsAndRecovers(t *testing.T) {
	for _, strategy := range []string{"log", "shadow"} {
		t.Run(strategy, func(t *testing.T) {
			out, err := warden(t, "demo", "--part", "bank", "--strategy", strategy, "--kill-after", "700ms", "--accounts", "20", "--workers", "4", "--dir", t.TempDir())
			t.Log(out)
			if err != nil {
				t.Fatalf("warden demo: %v", err)
			}
			if !strings.Contains(out, "signal: killed") {
				t.Fatal("the bank process was not killed")
			}
			m := regexp.MustCompile(`every acknowledged transfer survived \((\d+) acknowledged, 0 lost`).FindStringSubmatch(out)
			if m == nil {
				t.Fatal("no acknowledged-transfer check in the output")
			}
			if n, _ := strconv.Atoi(m[1]); n == 0 {
				t.Fatal("the bank process acknowledged no transfer before the kill")
			}
			if !strings.Contains(out, "All checks passed") || strings.Contains(out, "FAIL") {
				t.Fatal("demo checks failed")
			}
		})
	}
}

func TestDemoRejectsBadFlags(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"--accounts 1", "--accounts: 1, need at least 2"},
		{"--strategy btree", `--strategy: "btree" is not log or shadow`},
		{"--kill-after 0s", "--kill-after: 0s, must be positive"},
		{"--part everything", `--part: "everything" is not counter, bank, repair or all`},
		{"--duration 0s", "--duration: 0s, must be positive"},
		{"--fault-every -1s", "--fault-every: -1s, must be positive"},
		{"--clients 0", "--clients: 0, need at least 1"},
	} {
		out, err := warden(t, append([]string{"demo"}, strings.Fields(tc.args)...)...)
		if err == nil || !strings.Contains(out, tc.want) {
			t.Errorf("demo %s: err %v, output %q; want an error containing %q", tc.args, err, out, tc.want)
		}
	}
}

// The repair part: a manager and three agents repair a STATELESS group after a crash and a
// hang, and every process the demo started is gone when it returns.
func TestDemoRepairs(t *testing.T) {
	dir := t.TempDir()
	out, err := warden(t, "demo", "--part", "repair", "--dir", dir)
	t.Log(out)
	if err != nil {
		t.Fatalf("warden demo --part repair: %v", err)
	}
	if n := strings.Count(out, "ok   repaired in"); n != 2 || strings.Contains(out, "FAIL") || !strings.Contains(out, "All checks passed") {
		t.Fatalf("%d repairs reported ok; want 2 and no FAIL", n)
	}
	leftovers(t, dir)
}
