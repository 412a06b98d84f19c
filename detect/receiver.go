package detect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// A Receiver listens for heartbeats on a UDP socket and judges every source it monitors with
// a RawReceiver, delivering verdicts to its observers. It reads time only from its Clock, and
// arms one timer for the earliest deadline of all sources, so a verdict comes when a judge's
// threshold is crossed, not at the next tick of a poll. All methods are safe for concurrent
// use.
type Receiver struct {
	cfg    ReceiverConfig
	clock  Clock
	logger *slog.Logger
	conn   *net.UDPConn
	hub    hub

	mu   sync.Mutex // guards core
	core *RawReceiver
	poke chan struct{} // the earliest deadline moved

	packets, malformed, unauthenticated, refused atomic.Uint64
	closeOnce                                    sync.Once
}

// ReceiverStats counts the datagrams a Receiver read.
type ReceiverStats struct {
	Packets         uint64 // datagrams read
	Malformed       uint64 // not a heartbeat (ErrMalformed)
	Unauthenticated uint64 // bad or missing tag with a Key set
	Refused         uint64 // from an unknown source without AcceptUnknown, or beyond MaxSources
}

// NewReceiver validates cfg and binds the UDP socket; heartbeats are read once Run is called.
func NewReceiver(cfg ReceiverConfig) (*Receiver, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock()
	}
	addr, err := net.ResolveUDPAddr("udp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("detect: receiver address %q: %w", cfg.Addr, err)
	}
	conn, err := net.ListenUDP("udp", addr)
	if err != nil {
		return nil, fmt.Errorf("detect: receiver listen: %w", err)
	}
	newJudge, det := cfg.judgeFunc()
	r := &Receiver{
		cfg: cfg, clock: cfg.Clock, logger: loggerOrDiscard(cfg.Logger), conn: conn,
		core: NewRawReceiver(det, newJudge, cfg.AcceptUnknown, cfg.MaxSources),
		poke: make(chan struct{}, 1),
	}
	r.hub.logger = r.logger
	return r, nil
}

// Addr returns the address the receiver listens on (with the port picked for ":0").
func (r *Receiver) Addr() net.Addr { return r.conn.LocalAddr() }

// Register adds an observer of this receiver's verdicts.
func (r *Receiver) Register(o *Observer) { r.hub.register(o) }

// Deregister removes an observer.
func (r *Receiver) Deregister(o *Observer) { r.hub.deregister(o) }

// Expect starts monitoring source as if it had just heartbeat every interval, so that one
// that never sends is suspected too. It returns false if MaxSources are monitored already.
func (r *Receiver) Expect(source string, interval time.Duration) bool {
	r.mu.Lock()
	ok := r.core.Expect(source, interval, r.clock.Now())
	r.mu.Unlock()
	r.wake()
	return ok
}

// Forget stops monitoring source; it reports whether it was monitored. A later heartbeat of
// the source starts monitoring it afresh if AcceptUnknown is set.
func (r *Receiver) Forget(source string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.core.Forget(source)
}

// Status returns a snapshot of one source.
func (r *Receiver) Status(source string) (SourceStatus, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.core.Status(source, r.clock.Now())
}

// Sources returns a snapshot of every monitored source, ordered by id.
func (r *Receiver) Sources() []SourceStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.core.Sources(r.clock.Now())
}

// Stats returns the datagram counters.
func (r *Receiver) Stats() ReceiverStats {
	return ReceiverStats{Packets: r.packets.Load(), Malformed: r.malformed.Load(),
		Unauthenticated: r.unauthenticated.Load(), Refused: r.refused.Load()}
}

// Run reads heartbeats and judges sources until ctx ends; then it closes the socket and
// returns nil. It returns an error if the socket fails.
func (r *Receiver) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	readErr := make(chan error, 1)
	go func() {
		readErr <- r.read()
		cancel()
	}()
	r.judgeLoop(ctx)
	r.Close()
	if err := <-readErr; err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// Close closes the socket, which ends Run. It is safe to call more than once.
func (r *Receiver) Close() error {
	var err error
	r.closeOnce.Do(func() { err = r.conn.Close() })
	return err
}

func (r *Receiver) read() error {
	buf := make([]byte, MaxHeartbeatLen+1)
	var out []Verdict
	for {
		n, from, err := r.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return fmt.Errorf("detect: receiver read: %w", err)
		}
		at := r.clock.Now()
		r.packets.Add(1)
		hb, err := ParseHeartbeat(buf[:n], r.cfg.Key)
		if err != nil {
			if errors.Is(err, ErrUnauthenticated) {
				r.unauthenticated.Add(1)
			} else {
				r.malformed.Add(1)
			}
			r.logger.Debug("detect: dropped datagram", "from", from.String(), "err", err)
			continue
		}
		r.mu.Lock()
		before, hadDeadline := r.core.NextDeadline()
		var ok bool
		out, ok = r.core.Observe(out[:0], hb, from.String(), at)
		after, hasDeadline := r.core.NextDeadline()
		r.hub.emitMu.Lock()
		r.mu.Unlock()
		r.hub.emitLocked(out)
		r.hub.emitMu.Unlock()
		if !ok {
			r.refused.Add(1)
			continue
		}
		if hasDeadline && (!hadDeadline || after.Before(before)) {
			r.wake()
		}
	}
}

func (r *Receiver) wake() {
	select {
	case r.poke <- struct{}{}:
	default:
	}
}

func (r *Receiver) judgeLoop(ctx context.Context) {
	var out []Verdict
	for {
		r.mu.Lock()
		out = r.core.Check(out[:0], r.clock.Now())
		next, ok := r.core.NextDeadline()
		r.hub.emitMu.Lock()
		r.mu.Unlock()
		r.hub.emitLocked(out)
		r.hub.emitMu.Unlock()

		var fire <-chan time.Time
		var t Timer
		if ok {
			t = r.clock.NewTimer(next.Sub(r.clock.Now()))
			fire = t.C()
		}
		select {
		case <-ctx.Done():
			if t != nil {
				t.Stop()
			}
			return
		case <-fire:
		case <-r.poke:
			if t != nil {
				t.Stop()
			}
		}
	}
}
