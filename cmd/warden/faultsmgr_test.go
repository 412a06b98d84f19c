package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/notify"
)

// `warden faults` against a manager's API address: every manager serves
// warden.notify.v1.FaultNotifier, so ls reads its history and watch its live events.
func TestFaultsAgainstManager(t *testing.T) {
	t.Parallel()
	m := startTestManager(t)
	client := notify.NewClient(m.conn)
	push := func(id, member string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if _, err := client.Push(ctx, &notify.Event{ID: id, Kind: notify.Kind("ObjectCrashFault"), Location: "host-a", GroupID: "g1", Member: member, Detector: "test"}); err != nil {
			t.Fatalf("push to the manager's FaultNotifier: %v", err)
		}
	}
	push("ev-1", "m1")

	out, _, err := runCLI(context.Background(), "", nil, "faults", "ls", "--server", m.addr, "-o", "json", "--filter", `event.detector == "test"`)
	if err != nil {
		t.Fatalf("faults ls --server <manager>: %v", err)
	}
	var e eventJSON
	if err := json.Unmarshal([]byte(out), &e); err != nil || e.ID != "ev-1" || e.Member != "m1" || e.Kind != "ObjectCrashFault" {
		t.Errorf("faults ls: %v %q", err, out)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lines := newLineWriter()
	done := make(chan error, 1)
	errOut := newLineWriter()
	go func() {
		root := newRootCmd()
		root.SetOut(lines)
		root.SetErr(errOut)
		root.SetArgs([]string{"faults", "watch", "--server", m.addr, "--filter", `event.member == "m2"`})
		done <- root.ExecuteContext(ctx)
	}()
	errOut.next(t, "watching as consumer")
	push("ev-2", "m2")
	if l := lines.next(t, "ObjectCrashFault"); !strings.Contains(l, "member=m2") {
		t.Errorf("faults watch: %q", l)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("faults watch ended with %v", err)
	}
}
