package detect_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/detect/detecttest"
)

// healthServer is a real gRPC health server on a loopback port. Each Check first advances
// the fake clock by delay: that is how the tests make a reply slow without sleeping.
type healthServer struct {
	addr   string
	health *health.Server
	srv    *grpc.Server
	delay  atomic.Int64
}

func startHealthServer(t *testing.T, clock *detecttest.Clock) *healthServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &healthServer{addr: ln.Addr().String(), health: health.NewServer()}
	h.srv = grpc.NewServer(grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		if d := time.Duration(h.delay.Load()); d > 0 && clock != nil {
			clock.Advance(d)
		}
		return next(ctx, req)
	}))
	healthpb.RegisterHealthServer(h.srv, h.health)
	go h.srv.Serve(ln)
	t.Cleanup(h.srv.Stop)
	return h
}

func newPoller(t *testing.T, target string, clock detect.Clock, probe detect.Probe, cfg detect.PollConfig) (*detect.Poller, <-chan detect.Verdict) {
	t.Helper()
	cfg.Target, cfg.Clock = target, clock
	p, err := detect.NewPoller(cfg, probe)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan detect.Verdict, 64)
	p.Register(detect.NewObserver(ch, nil))
	return p, ch
}

// pollOnce polls and checks the verdicts it returned against what the observer got.
func pollOnce(t *testing.T, ctx context.Context, p *detect.Poller, ch <-chan detect.Verdict, want ...detect.Semantics) []detect.Verdict {
	t.Helper()
	vs := p.Poll(ctx)
	if len(vs) != len(want) {
		t.Fatalf("poll gave %v, want %d verdicts %v", vs, len(want), want)
	}
	for i, v := range vs {
		if v.Semantics != want[i] {
			t.Fatalf("verdict %d: %v, want %v", i, v, want[i])
		}
		if got := waitVerdict(t, ch); got.Kind != v.Kind || got.Semantics != v.Semantics {
			t.Fatalf("observer got %v, Poll returned %v", got, v)
		}
	}
	return vs
}

// TestHealthPoller polls a real grpc.health.v1 server: up, NOT_SERVING (omission), a slow reply
// (timing), a reply after the timeout (omission), then the server gone (omissions, crash).
func TestHealthPoller(t *testing.T) {
	ctx := testContext(t)
	clock := detecttest.NewClock(t0)
	hs := startHealthServer(t, clock)
	probe, err := detect.DialHealthProbe(hs.addr, "bank")
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	cfg := detect.PollConfig{Interval: time.Second, Timeout: time.Second, TimingBound: 100 * time.Millisecond, CrashAfter: 2}
	p, ch := newPoller(t, "bank/1", clock, probe, cfg)

	hs.health.SetServingStatus("bank", healthpb.HealthCheckResponse_SERVING)
	vs := pollOnce(t, ctx, p, ch, detect.NoFault)
	if vs[0].Kind != detect.KindUp || vs[0].Detector != detect.DetectorHealth || vs[0].Evidence.Status != "SERVING" || vs[0].Evidence.Addr != hs.addr {
		t.Fatalf("up verdict %+v", vs[0])
	}
	hs.health.SetServingStatus("bank", healthpb.HealthCheckResponse_NOT_SERVING)
	vs = pollOnce(t, ctx, p, ch, detect.Omission)
	if vs[0].Evidence.Status != "NOT_SERVING" || vs[0].Evidence.Omissions != 1 {
		t.Fatalf("omission verdict %+v", vs[0])
	}
	hs.health.SetServingStatus("bank", healthpb.HealthCheckResponse_SERVING)
	pollOnce(t, ctx, p, ch, detect.Omission) // recovered from it

	hs.delay.Store(int64(300 * time.Millisecond))
	vs = pollOnce(t, ctx, p, ch, detect.Timing)
	if vs[0].Kind != detect.KindFault || vs[0].Evidence.Latency != 300*time.Millisecond || vs[0].Evidence.Bound != 100*time.Millisecond {
		t.Fatalf("timing verdict %+v", vs[0])
	}
	// Past the timeout: the poller's timer (on the fake clock) cancels the call; either way
	// no reply came in time.
	hs.delay.Store(int64(2 * time.Second))
	pollOnce(t, ctx, p, ch, detect.Timing, detect.Omission)
	hs.delay.Store(0)
	pollOnce(t, ctx, p, ch, detect.Omission)

	hs.srv.Stop()
	pollOnce(t, ctx, p, ch, detect.Omission)
	vs = pollOnce(t, ctx, p, ch, detect.Crash)
	if vs[0].State != detect.StateFailed || vs[0].Evidence.Omissions != 2 || vs[0].Evidence.Err == "" {
		t.Fatalf("crash verdict %+v", vs[0])
	}
	pollOnce(t, ctx, p, ch) // still down: no new verdict
	if st, sem := p.State(); st != detect.StateFailed || sem != detect.Crash {
		t.Fatalf("state %v %v", st, sem)
	}
}

// TestTCPPollerRun runs a TCP poller on the real clock: up, the listener closed (omission,
// crash), the port listened on again (recovered).
func TestTCPPollerRun(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	// Timing bound = timeout: only omissions can happen, whatever the machine's load.
	cfg := detect.PollConfig{Interval: 20 * time.Millisecond, Timeout: 5 * time.Second, TimingBound: 5 * time.Second, CrashAfter: 2}
	p, ch := newPoller(t, "legacy", nil, &detect.TCPProbe{Address: addr}, cfg)
	ctx, cancel := context.WithCancel(testContext(t))
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	defer func() { cancel(); <-done }()

	up := expectVerdict(t, ch, "legacy", detect.KindUp, detect.NoFault)
	if up.Detector != detect.DetectorTCP || up.Evidence.Status != "CONNECTED" {
		t.Fatalf("up verdict %+v", up)
	}
	ln.Close()
	expectVerdict(t, ch, "legacy", detect.KindFault, detect.Omission)
	expectVerdict(t, ch, "legacy", detect.KindFault, detect.Crash)
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("could not listen on %s again: %v", addr, err)
	}
	defer ln.Close()
	rec := expectVerdict(t, ch, "legacy", detect.KindRecovered, detect.Crash)
	if rec.Since.IsZero() || rec.Evidence.Silence <= 0 {
		t.Fatalf("recovered verdict %+v", rec)
	}
}
