package replica

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// With BackupProcs the process runs with that GOMAXPROCS while the member is not the
// primary, gets back the value Run found when it is promoted, and again when Run returns; a
// role change applied late (the promotion's, after the deposition) does not undo a newer one.
func TestBackupProcsFollowsTheRole(t *testing.T) {
	orig := runtime.GOMAXPROCS(0)
	t.Cleanup(func() { runtime.GOMAXPROCS(orig) })
	if orig < 2 {
		runtime.GOMAXPROCS(2) // the test needs a value to come back to that is not 1
	}
	base := runtime.GOMAXPROCS(0)

	s := unstartedServer(t)
	s.cfg.BackupProcs = 1
	if err := s.handleReady(); err != nil { // the initial checkpoint
		t.Fatal(err)
	}
	// A role change sets GOMAXPROCS in a goroutine of its own: wait for it, with a deadline.
	procs := func(want int, when string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; {
			got := runtime.GOMAXPROCS(0)
			if got == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: GOMAXPROCS %d, want %d", when, got, want)
			}
			time.Sleep(time.Millisecond) // polling with a deadline
		}
	}
	setView := func(epoch uint64, primary string) {
		t.Helper()
		now := time.Now()
		s.mu.Lock()
		s.r.SetView(View{Epoch: epoch, Version: epoch, Primary: primary, Members: []Member{{ID: "m1"}, {ID: "m2"}}}, now)
		s.mu.Unlock()
		if err := s.handleReady(); err != nil {
			t.Fatal(err)
		}
	}

	s.startProcs()
	procs(1, "started, not primary")
	setView(1, "m1")
	procs(base, "promoted")
	setView(2, "m2")
	procs(1, "deposed")
	s.applyProcs() // the promotion's, applied late (synchronously)
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Fatalf("the promotion's change applied after the deposition: GOMAXPROCS %d, want 1", got)
	}
	setView(3, "m1")
	procs(base, "promoted again")
	setView(4, "m2")
	procs(1, "deposed again")
	s.restoreProcs()
	procs(base, "Run returned")
	s.applyProcs()
	if got := runtime.GOMAXPROCS(0); got != base {
		t.Fatalf("a role change after Run returned: GOMAXPROCS %d, want %d", got, base)
	}
}

func TestBackupProcsValidated(t *testing.T) {
	cfg := DefaultServerConfig("g", "m1")
	cfg.Managers, cfg.App, cfg.BackupProcs = []string{"127.0.0.1:1"}, nopApp{}, -1
	_, err := NewServer(cfg)
	if err == nil || !strings.Contains(err.Error(), "BackupProcs: -1 must not be negative") {
		t.Fatalf("NewServer with BackupProcs -1: %v, want the field named", err)
	}
}

// StreamWorkers defaults to 16 per CPU and is refused below zero.
func TestStreamWorkers(t *testing.T) {
	cfg := DefaultServerConfig("g", "m1")
	if want := 16 * runtime.GOMAXPROCS(0); cfg.StreamWorkers != want {
		t.Fatalf("DefaultServerConfig: StreamWorkers %d, want %d", cfg.StreamWorkers, want)
	}
	cfg.Managers, cfg.App, cfg.StreamWorkers = []string{"127.0.0.1:1"}, nopApp{}, -1
	_, err := NewServer(cfg)
	if err == nil || !strings.Contains(err.Error(), "StreamWorkers: -1 must not be negative") {
		t.Fatalf("NewServer with StreamWorkers -1: %v, want the field named", err)
	}
}
