package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/wardenft/warden/detect"
)

// pushMonitor receives the push heartbeats of members on one UDP socket and judges each
// member with its own fixed timeout, its FaultMonitoringTimeout. detect.Receiver takes one
// judge configuration for all its sources; members of different groups have different
// intervals and timeouts, so this driver keeps one detect.HeartbeatTracker per member, each
// with a TimeoutJudge whose multiplier is the member's timeout over the interval its
// heartbeats announce. It is the same shape as detect.Receiver: a read goroutine, a judge
// goroutine with one timer for the earliest deadline, and verdicts handed over in order.
type pushMonitor struct {
	conn  *net.UDPConn
	clock detect.Clock
	log   *slog.Logger
	out   func(detect.Verdict) // must not block; called in order, with emitMu held

	mu      sync.Mutex // guards sources
	sources map[string]*pushSource
	emitMu  sync.Mutex
	poke    chan struct{}
}

type pushSource struct {
	tracker *detect.HeartbeatTracker
}

func newPushMonitor(addr string, clock detect.Clock, log *slog.Logger, out func(detect.Verdict)) (*pushMonitor, error) {
	ua, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return nil, fmt.Errorf("agent: heartbeat address %q: %w", addr, err)
	}
	conn, err := net.ListenUDP("udp", ua)
	if err != nil {
		return nil, fmt.Errorf("agent: heartbeat listen: %w", err)
	}
	return &pushMonitor{conn: conn, clock: clock, log: log, out: out,
		sources: map[string]*pushSource{}, poke: make(chan struct{}, 1)}, nil
}

// Addr returns the socket's address.
func (p *pushMonitor) Addr() *net.UDPAddr { return p.conn.LocalAddr().(*net.UDPAddr) }

// add starts monitoring source with a silence of timeout judged a crash. Its first heartbeat
// makes a KindUp verdict; until then nothing is judged (the agent's start timeout covers a
// member that never sends).
func (p *pushMonitor) add(source string, timeout time.Duration) {
	newJudge := func(interval time.Duration) detect.Judge {
		m := float64(timeout) / float64(interval)
		if m < 1 {
			m = 1 // a timeout shorter than the interval would suspect every member
		}
		return detect.NewTimeoutJudge(detect.TimeoutConfig{Multiplier: m}, interval)
	}
	p.mu.Lock()
	p.sources[source] = &pushSource{tracker: detect.NewHeartbeatTracker(source, detect.DetectorTimeout, newJudge)}
	p.mu.Unlock()
}

// remove stops monitoring source.
func (p *pushMonitor) remove(source string) {
	p.mu.Lock()
	delete(p.sources, source)
	p.mu.Unlock()
}

func (p *pushMonitor) wake() {
	select {
	case p.poke <- struct{}{}:
	default:
	}
}

// emit hands verdicts over in order: called with p.mu held, it releases it.
func (p *pushMonitor) emitUnlock(vs []detect.Verdict) {
	p.emitMu.Lock()
	p.mu.Unlock()
	for _, v := range vs {
		p.out(v)
	}
	p.emitMu.Unlock()
}

// run reads and judges until ctx ends, then closes the socket.
func (p *pushMonitor) run(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer cancel()
		p.read()
	}()
	p.judge(ctx)
	p.conn.Close()
	wg.Wait()
}

func (p *pushMonitor) read() {
	buf := make([]byte, detect.MaxHeartbeatLen+1)
	var out []detect.Verdict
	for {
		n, from, err := p.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				p.log.Error("agent: heartbeat socket failed", "err", err)
			}
			return
		}
		at := p.clock.Now()
		hb, err := detect.ParseHeartbeat(buf[:n], nil)
		if err != nil {
			p.log.Debug("agent: dropped datagram", "from", from.String(), "err", err)
			continue
		}
		p.mu.Lock()
		s, ok := p.sources[hb.Source]
		if !ok {
			p.mu.Unlock()
			p.log.Debug("agent: heartbeat of an unknown source", "source", hb.Source, "from", from.String())
			continue
		}
		_, had := s.tracker.Deadline()
		out = s.tracker.Observe(out[:0], hb, from.String(), at)
		if _, has := s.tracker.Deadline(); has && !had {
			// A new deadline (first heartbeat, or back from a suspicion). A deadline that only
			// moved later needs no wake: the armed timer fires early and re-arms.
			p.wake()
		}
		p.emitUnlock(out)
	}
}

func (p *pushMonitor) judge(ctx context.Context) {
	var out []detect.Verdict
	for {
		now := p.clock.Now()
		p.mu.Lock()
		out = out[:0]
		var next time.Time
		for _, s := range p.sources {
			out = s.tracker.Check(out, now)
			if d, ok := s.tracker.Deadline(); ok && (next.IsZero() || d.Before(next)) {
				next = d
			}
		}
		p.emitUnlock(out)
		var fire <-chan time.Time
		var t detect.Timer
		if !next.IsZero() {
			t = p.clock.NewTimer(next.Sub(p.clock.Now()))
			fire = t.C()
		}
		select {
		case <-ctx.Done():
			if t != nil {
				t.Stop()
			}
			return
		case <-fire:
		case <-p.poke:
			if t != nil {
				t.Stop()
			}
		}
	}
}
