package notify_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/wardenft/warden/notify"
	"github.com/wardenft/warden/notify/notifytest"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// newNotifier starts a notifier on a fake clock with a fixed seed, logging to the test, and
// closes it when the test ends.
func newNotifier(t *testing.T, edit func(*notify.Config)) (*notify.Notifier, *notifytest.Clock) {
	t.Helper()
	clock := notifytest.NewClock(t0)
	cfg := notify.DefaultConfig()
	cfg.Clock = clock
	cfg.Seed = 42
	cfg.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	if edit != nil {
		edit(&cfg)
	}
	n, err := notify.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n, clock
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func crash(loc, group string) *notify.Event {
	return &notify.Event{Kind: notify.ObjectCrashFault, Location: loc, TypeID: "bank.Account",
		GroupID: group, Member: loc + "/" + group, Detector: "process", Severity: notify.SeverityError}
}

// recv receives one delivery or fails the test after a generous deadline.
func recv(t *testing.T, c <-chan notify.Delivery) notify.Delivery {
	t.Helper()
	select {
	case d, ok := <-c:
		if !ok {
			t.Fatal("consumer channel closed")
		}
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery within 10s")
	}
	panic("unreachable")
}

// mustSync waits until every pushed event was offered to the consumers.
func mustSync(t *testing.T, n *notify.Notifier) {
	t.Helper()
	if err := n.Sync(ctxT(t)); err != nil {
		t.Fatal(err)
	}
}
