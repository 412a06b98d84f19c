package detect_test

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/detect/detecttest"
)

// startReceiver runs a receiver on a loopback port with a fake clock until the test ends.
func startReceiver(t *testing.T, cfg detect.ReceiverConfig, clock detect.Clock) (*detect.Receiver, <-chan detect.Verdict) {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	cfg.Clock = clock
	r, err := detect.NewReceiver(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan detect.Verdict, 64)
	r.Register(detect.NewObserver(ch, nil))
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := r.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); wg.Wait() })
	return r, ch
}

func newSender(t *testing.T, source string, inc uint64, to net.Addr, clock detect.Clock, key []byte) *detect.Sender {
	t.Helper()
	cfg := detect.LocalSenderConfig()
	cfg.Source, cfg.Targets, cfg.Incarnation, cfg.Clock, cfg.Key = source, []string{to.String()}, inc, clock, key
	s, err := detect.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestSenderReceiverFailureSemantics runs a real sender and receiver over loopback UDP on a
// fake clock through every heartbeat verdict: up, crash suspected, pause, amnesia unsuspected,
// crash, amnesia after suspicion.
func TestSenderReceiverFailureSemantics(t *testing.T) {
	for _, judge := range []detect.JudgeKind{detect.JudgeTimeout, detect.JudgePhi} {
		t.Run(string(judge), func(t *testing.T) {
			clock := detecttest.NewClock(t0)
			cfg := detect.LocalReceiverConfig()
			cfg.Judge = judge
			r, ch := startReceiver(t, cfg, clock)
			s1 := newSender(t, "web-1", 100, r.Addr(), clock, nil)

			if err := s1.Beat(); err != nil {
				t.Fatal(err)
			}
			up := expectVerdict(t, ch, "web-1", detect.KindUp, detect.NoFault)
			if up.Evidence.Incarnation != 100 || up.Evidence.Seq != 1 || up.Evidence.Addr != net.JoinHostPort("127.0.0.1", portOf(s1.LocalAddr())) || !up.At.Equal(t0) {
				t.Fatalf("up verdict %+v", up)
			}
			// Silence: the receiver's own timer fires when the fake clock passes the deadline.
			clock.Advance(time.Second)
			crash := expectVerdict(t, ch, "web-1", detect.KindFault, detect.Crash)
			if crash.State != detect.StateSuspect || crash.Certain || !crash.Since.Equal(t0) || crash.Evidence.Phi < crash.Evidence.Threshold {
				t.Fatalf("crash verdict %+v", crash)
			}
			s1.Beat()
			pause := expectVerdict(t, ch, "web-1", detect.KindRecovered, detect.Pause)
			if pause.Evidence.Silence != time.Second || pause.State != detect.StateAlive {
				t.Fatalf("pause verdict %+v", pause)
			}
			// A restart within the deadline: amnesia, though nothing was suspected.
			clock.Advance(50 * time.Millisecond)
			s2 := newSender(t, "web-1", 200, r.Addr(), clock, nil)
			s2.Beat()
			am := expectVerdict(t, ch, "web-1", detect.KindFault, detect.Amnesia)
			if !am.Certain || am.State != detect.StateAlive || am.Evidence.PrevIncarnation != 100 || am.Evidence.Incarnation != 200 {
				t.Fatalf("amnesia verdict %+v", am)
			}
			s1.Beat() // the old incarnation is stale and ignored
			clock.Advance(time.Second)
			expectVerdict(t, ch, "web-1", detect.KindFault, detect.Crash)
			s3 := newSender(t, "web-1", 300, r.Addr(), clock, nil)
			s3.Beat()
			am = expectVerdict(t, ch, "web-1", detect.KindRecovered, detect.Amnesia)
			if am.Evidence.PrevIncarnation != 200 {
				t.Fatalf("amnesia verdict %+v", am)
			}
			st, ok := r.Status("web-1")
			if !ok || st.Incarnation != 300 || st.State != detect.StateAlive || st.Stale != 1 {
				t.Fatalf("status %+v", st)
			}
		})
	}
}

func portOf(a net.Addr) string {
	_, p, _ := net.SplitHostPort(a.String())
	return p
}

// TestSenderRun: Run sends at once and then every interval of the (fake) clock, with
// growing sequence numbers and the announced interval.
func TestSenderRun(t *testing.T) {
	ln, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	clock := detecttest.NewClock(t0)
	s := newSender(t, "a", 5, ln.LocalAddr(), clock, []byte("k"))
	ctx, cancel := context.WithCancel(testContext(t))
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	buf := make([]byte, 1024)
	for seq := uint64(1); seq <= 3; seq++ {
		ln.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, _, err := ln.ReadFromUDP(buf)
		if err != nil {
			t.Fatal(err)
		}
		hb, err := detect.ParseHeartbeat(buf[:n], []byte("k"))
		if err != nil {
			t.Fatal(err)
		}
		want := t0.Add(time.Duration(seq-1) * 100 * time.Millisecond)
		if hb.Seq != seq || hb.Incarnation != 5 || hb.Interval != 100*time.Millisecond || !hb.SentAt.Equal(want) {
			t.Fatalf("heartbeat %+v, want seq %d sent at %v", hb, seq, want)
		}
		if err := clock.WaitTimers(ctx, 1); err != nil {
			t.Fatal(err)
		}
		clock.Advance(100 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Sent < 3 || st.Errors != 0 {
		t.Fatalf("stats %+v", st)
	}
	if err := s.Beat(); err == nil {
		t.Fatal("Beat after Run ended: no error")
	}
}

// TestReceiverDropsBadDatagrams: with a key, garbage, untagged and wrongly keyed datagrams are
// counted and ignored; the good heartbeat after them is judged.
func TestReceiverDropsBadDatagrams(t *testing.T) {
	clock := detecttest.NewClock(t0)
	cfg := detect.LocalReceiverConfig()
	cfg.Key = []byte("right")
	r, ch := startReceiver(t, cfg, clock)
	c, err := net.DialUDP("udp", nil, r.Addr().(*net.UDPAddr))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	hb := detect.Heartbeat{Source: "x", Seq: 1, Incarnation: 1, Interval: 100 * time.Millisecond}
	untagged, _ := detect.AppendHeartbeat(nil, hb, nil)
	wrong, _ := detect.AppendHeartbeat(nil, hb, []byte("wrong"))
	hb.Source = "good"
	good, _ := detect.AppendHeartbeat(nil, hb, []byte("right"))
	for _, b := range [][]byte{[]byte("garbage"), untagged, wrong, good} {
		if _, err := c.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	expectVerdict(t, ch, "good", detect.KindUp, detect.NoFault)
	if st := r.Stats(); st.Packets != 4 || st.Malformed != 1 || st.Unauthenticated != 2 {
		t.Fatalf("stats %+v", st)
	}
	if srcs := r.Sources(); len(srcs) != 1 || srcs[0].Source != "good" {
		t.Fatalf("sources %+v", srcs)
	}
}

// TestReceiverExpectAndObserverDrops: an expected source that never sends is suspected, and a
// full observer channel drops verdicts and counts them without holding up the others.
func TestReceiverExpectAndObserverDrops(t *testing.T) {
	clock := detecttest.NewClock(t0)
	cfg := detect.LocalReceiverConfig()
	cfg.Judge = detect.JudgeTimeout
	r, ch := startReceiver(t, cfg, clock)
	small := make(chan detect.Verdict, 1)
	smallObs := detect.NewObserver(small, nil)
	r.Register(smallObs)
	var mu sync.Mutex
	var called []string
	r.Register(detect.NewFuncObserver(func(v detect.Verdict) {
		mu.Lock()
		called = append(called, v.Source)
		mu.Unlock()
	}, func(v detect.Verdict) bool { return v.Kind == detect.KindFault }))

	r.Expect("ghost", 100*time.Millisecond)
	for _, src := range []string{"a", "b"} {
		newSender(t, src, 1, r.Addr(), clock, nil).Beat()
		expectVerdict(t, ch, src, detect.KindUp, detect.NoFault)
	}
	clock.Advance(200 * time.Millisecond)
	for _, src := range []string{"a", "b"} { // no heartbeat since; ghost's deadline is 300ms too
		newSender(t, src, 1, r.Addr(), clock, nil) // (a new socket, but no beat)
	}
	clock.Advance(100 * time.Millisecond)
	got := map[string]bool{}
	for range 3 {
		v := waitVerdict(t, ch)
		if v.Kind != detect.KindFault || v.Semantics != detect.Crash {
			t.Fatalf("verdict %v, want crash", v)
		}
		got[v.Source] = true
	}
	if !got["ghost"] || !got["a"] || !got["b"] {
		t.Fatalf("crashes of %v, want ghost, a, b", got)
	}
	if smallObs.Delivered() != 1 || smallObs.Dropped() != 4 {
		t.Fatalf("small observer delivered %d dropped %d, want 1 and 4", smallObs.Delivered(), smallObs.Dropped())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(called) != 3 {
		t.Fatalf("callback observer (faults only) got %v", called)
	}
	if !r.Forget("ghost") || r.Forget("ghost") {
		t.Fatal("Forget")
	}
}
