package notifytest_test

import (
	"context"
	"testing"
	"time"

	"github.com/wardenft/warden/notify/notifytest"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := notifytest.NewClock(start)
	now := <-c.After(0)
	if !now.Equal(start) {
		t.Fatalf("After(0) = %v", now)
	}
	a, b := c.After(time.Second), c.After(3*time.Second)
	if err := c.WaitForWaiters(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	c.Advance(2 * time.Second)
	select {
	case got := <-a:
		if !got.Equal(start.Add(2 * time.Second)) {
			t.Errorf("a fired at %v", got)
		}
	default:
		t.Fatal("a did not fire")
	}
	select {
	case <-b:
		t.Fatal("b fired early")
	default:
	}
	if c.Waiters() != 1 {
		t.Errorf("%d waiters, want 1", c.Waiters())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.WaitForWaiters(ctx, 2); err == nil {
		t.Error("WaitForWaiters did not honour its context")
	}
	c.Advance(time.Second)
	<-b
	if !c.Now().Equal(start.Add(3 * time.Second)) {
		t.Errorf("Now = %v", c.Now())
	}
}
