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

// eventually polls cond every millisecond until it holds or 10 s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// advanceUntil advances the fake clock by step each time something waits on it, until done
// is closed: it drives retry backoffs without sleeping.
func advanceUntil(t *testing.T, clock *notifytest.Clock, step time.Duration, done <-chan struct{}) {
	t.Helper()
	ctx := ctxT(t)
	for {
		wctx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-done:
				cancel()
			case <-wctx.Done():
			}
		}()
		err := clock.WaitForWaiters(wctx, 1)
		cancel()
		select {
		case <-done:
			return
		default:
		}
		if err != nil {
			t.Fatalf("waiting for a retry timer: %v", err)
		}
		clock.Advance(step)
	}
}
