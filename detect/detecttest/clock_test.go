package detecttest_test

import (
	"context"
	"testing"
	"time"

	"github.com/wardenft/warden/detect/detecttest"
)

func TestClock(t *testing.T) {
	t0 := time.Unix(1000, 0)
	c := detecttest.NewClock(t0)
	late := c.NewTimer(2 * time.Second)
	early := c.NewTimer(time.Second)
	stopped := c.NewTimer(time.Second)
	if !stopped.Stop() || stopped.Stop() {
		t.Fatal("Stop of a waiting timer, then again")
	}
	if n := c.Timers(); n != 2 {
		t.Fatalf("%d timers waiting, want 2", n)
	}
	c.Advance(1500 * time.Millisecond)
	select {
	case at := <-early.C():
		if !at.Equal(t0.Add(time.Second)) {
			t.Fatalf("fired at %v", at)
		}
	default:
		t.Fatal("the 1s timer did not fire at 1.5s")
	}
	select {
	case <-late.C():
		t.Fatal("the 2s timer fired at 1.5s")
	default:
	}
	if early.Stop() {
		t.Fatal("Stop of a fired timer reported true")
	}
	now := c.NewTimer(0)
	select {
	case <-now.C():
	default:
		t.Fatal("a timer of 0 did not fire at once")
	}
	c.Set(t0.Add(2 * time.Second))
	<-late.C()
	if !c.Now().Equal(t0.Add(2 * time.Second)) {
		t.Fatalf("Now %v", c.Now())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go c.NewTimer(time.Second)
	if err := c.WaitTimers(ctx, 1); err != nil {
		t.Fatal(err)
	}
	short, cancel2 := context.WithCancel(ctx)
	cancel2()
	if err := c.WaitTimers(short, 5); err == nil {
		t.Fatal("WaitTimers(5) with 1 timer returned nil")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Set backwards did not panic")
		}
	}()
	c.Set(t0)
}
