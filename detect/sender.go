package detect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
)

// A Sender pushes heartbeats over UDP to one or more receivers. Each heartbeat carries the
// source id, a sequence number (1, 2, ... per incarnation), the incarnation, the send time and
// the interval. Beat and Stats are safe for concurrent use; Run is called once.
type Sender struct {
	cfg     SenderConfig
	clock   Clock
	logger  *slog.Logger
	conn    *net.UDPConn
	targets []*net.UDPAddr

	mu  sync.Mutex
	seq uint64
	buf []byte

	sent, errs atomic.Uint64
	closeOnce  sync.Once
}

// SenderStats counts what a Sender did.
type SenderStats struct {
	Sent   uint64 // datagrams written (one per target per heartbeat)
	Errors uint64 // failed writes
}

// NewSender validates cfg, resolves the targets once and opens an unconnected UDP socket.
func NewSender(cfg SenderConfig) (*Sender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock()
	}
	if cfg.Incarnation == 0 {
		cfg.Incarnation = uint64(cfg.Clock.Now().UnixNano())
	}
	s := &Sender{cfg: cfg, clock: cfg.Clock, logger: loggerOrDiscard(cfg.Logger)}
	for _, t := range cfg.Targets {
		a, err := net.ResolveUDPAddr("udp", t)
		if err != nil {
			return nil, fmt.Errorf("detect: sender target %q: %w", t, err)
		}
		s.targets = append(s.targets, a)
	}
	conn, err := net.ListenUDP("udp", nil)
	if err != nil {
		return nil, fmt.Errorf("detect: sender socket: %w", err)
	}
	s.conn = conn
	return s, nil
}

// Incarnation returns the incarnation the heartbeats carry.
func (s *Sender) Incarnation() uint64 { return s.cfg.Incarnation }

// Stats returns the counters so far.
func (s *Sender) Stats() SenderStats { return SenderStats{Sent: s.sent.Load(), Errors: s.errs.Load()} }

// Beat sends one heartbeat now to every target. It returns the errors of the writes that
// failed, joined; the sequence number advances either way.
func (s *Sender) Beat() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	hb := Heartbeat{Source: s.cfg.Source, Seq: s.seq, Incarnation: s.cfg.Incarnation,
		SentAt: s.clock.Now(), Interval: s.cfg.Interval}
	var err error
	s.buf, err = AppendHeartbeat(s.buf[:0], hb, s.cfg.Key)
	if err != nil {
		return err
	}
	var errs []error
	for _, a := range s.targets {
		if _, err := s.conn.WriteToUDP(s.buf, a); err != nil {
			s.errs.Add(1)
			errs = append(errs, fmt.Errorf("detect: heartbeat to %v: %w", a, err))
			continue
		}
		s.sent.Add(1)
	}
	return errors.Join(errs...)
}

// Run sends a heartbeat at once and then every Interval until ctx ends, then closes the
// socket and returns nil. After a stall (the process was stopped, the machine suspended) it
// sends at once and then keeps the interval from there, rather than sending a burst.
func (s *Sender) Run(ctx context.Context) error {
	defer s.Close()
	next := s.clock.Now()
	for {
		if err := s.Beat(); err != nil {
			s.logger.Debug("detect: heartbeat send failed", "source", s.cfg.Source, "err", err)
		}
		next = next.Add(s.cfg.Interval)
		now := s.clock.Now()
		if !next.After(now) {
			next = now.Add(s.cfg.Interval)
		}
		t := s.clock.NewTimer(next.Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C():
		}
	}
}

// Close closes the socket; Beat fails afterwards. It is safe to call more than once.
func (s *Sender) Close() error {
	var err error
	s.closeOnce.Do(func() { err = s.conn.Close() })
	return err
}

// LocalAddr returns the sender's socket address.
func (s *Sender) LocalAddr() net.Addr { return s.conn.LocalAddr() }
