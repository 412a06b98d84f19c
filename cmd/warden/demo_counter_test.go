package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The counter part, briefly: a manager, three agents and a WARM_PASSIVE counter group of three
// as processes of this binary, a client load and a fault every second for 6s (the primary
// killed, a backup killed, the primary killed again). It must end with the verdict that no
// increment was lost or applied twice, exit 0, and leave no process behind.
func TestDemoCounter(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	dir := t.TempDir()
	out, err := warden(t, "demo", "--duration", "6s", "--fault-every", "1s", "--dir", dir)
	t.Log(out)
	if err != nil || strings.Contains(out, "FAIL") {
		// What the manager saw and did, for the report.
		for _, f := range []string{"faults.txt", "manager.log"} {
			b, _ := os.ReadFile(filepath.Join(dir, "counter", f))
			t.Logf("%s:\n%s", f, b)
		}
	}
	if err != nil {
		t.Fatalf("warden demo: %v", err)
	}
	for _, want := range []string{"the verdict", "ok   no increment lost", "ok   none applied twice", "No increment lost or applied twice"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	if strings.Contains(out, "FAIL") {
		t.Error("a check failed")
	}
	if n := len(regexp.MustCompile(`(?m)fault \d+: SIG`).FindAllString(out, -1)); n < 2 {
		t.Errorf("%d faults injected; want at least 2", n)
	}
	if n := len(regexp.MustCompile(`(?m)fault \d+: whole again`).FindAllString(out, -1)); n < 2 {
		t.Errorf("%d faults recovered from; want at least 2", n)
	}
	leftovers(t, dir)
}

// leftovers fails t for every process left of a demo run in dir: the manager and agents name
// their data dirs under dir on their command line; members run in their data dirs under dir.
func leftovers(t *testing.T, dir string) {
	t.Helper()
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		b, _ := os.ReadFile(filepath.Join(p, "cmdline"))
		cwd, _ := os.Readlink(filepath.Join(p, "cwd"))
		if strings.Contains(string(b), dir) || strings.HasPrefix(cwd, dir) {
			t.Errorf("a process of the demo is left: %s (cwd %s): %q", p, cwd, strings.ReplaceAll(string(b), "\x00", " "))
		}
	}
}
