package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/notify"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// serveLoopback serves a FaultNotifier implementation on 127.0.0.1:0 and returns a client
// connected to it and a stop function.
func serveLoopback(srv notifyv1.FaultNotifierServer) (*notify.Client, func(), error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	g := grpc.NewServer()
	notifyv1.RegisterFaultNotifierServer(g, srv)
	go g.Serve(lis)
	cc, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		g.Stop()
		return nil, nil, err
	}
	return notify.NewClient(cc), func() { cc.Close(); g.Stop() }, nil
}

// runStream pushes events in-process into a Notifier served over gRPC on loopback and times
// them through one ConnectStructuredFaultConsumer stream (no filter: every event) to a
// notify.Client in the same process, from the first push to the last event received. The
// producer keeps pace with the stream (see below), so the figure is the stream's sustained
// rate with nothing dropped.
func runStream(o options, tmpls []notify.Event, events int) (runResult, error) {
	cfg := notify.DefaultConfig()
	cfg.Logger = quietLogger()
	cfg.Seed = o.seed
	n, err := notify.New(cfg)
	if err != nil {
		return runResult{}, err
	}
	defer n.Close()
	client, stop, err := serveLoopback(notify.NewServer(n))
	if err != nil {
		return runResult{}, err
	}
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := client.Watch(ctx, notify.WatchOptions{QueueLen: o.streamQueue, Name: "bench"})
	if err != nil {
		return runResult{}, err
	}
	defer w.Close()
	sc, err := n.Consumer(w.ID())
	if err != nil {
		return runResult{}, err
	}
	// The receiver signals when it has read target events; target is known only after the
	// pushes (events minus the stream consumer's drops).
	var count, target atomic.Int64
	target.Store(math.MaxInt64)
	reached := make(chan struct{})
	var once sync.Once
	reach := func() { once.Do(func() { close(reached) }) }
	recvErr := make(chan error, 1)
	go func() {
		for got := int64(1); ; got++ {
			if _, err := w.Recv(); err != nil {
				recvErr <- err
				return
			}
			count.Store(got)
			if got == target.Load() {
				reach()
			}
		}
	}()
	runtime.GC()
	start := time.Now()
	var retries uint64
	for i := range events {
		// The stream is slower than the notifier: keep its consumer queue at most half full,
		// so that what is measured is the stream's pace and nothing is dropped.
		if i%256 == 0 {
			for {
				ns := n.Stats()
				if backlog := uint64(sc.Stats().Queued) + ns.Pushed - ns.Committed; backlog <= uint64(o.streamQueue/2) {
					break
				}
				time.Sleep(50 * time.Microsecond)
			}
		}
		e := tmpls[i%len(tmpls)]
		for {
			_, err := n.Push(&e)
			if err == nil {
				break
			}
			if !errors.Is(err, notify.ErrOverloaded) {
				return runResult{}, err
			}
			retries++
			runtime.Gosched()
		}
	}
	if err := n.Sync(ctx); err != nil {
		return runResult{}, err
	}
	st := sc.Stats() // every event was offered: Delivered + Dropped == events
	target.Store(int64(st.Delivered))
	if count.Load() >= int64(st.Delivered) {
		reach()
	}
	select {
	case <-reached:
	case err := <-recvErr:
		return runResult{}, fmt.Errorf("stream: %w", err)
	case <-time.After(5 * time.Minute):
		return runResult{}, errors.New("stream: the last event did not arrive within 5 minutes")
	}
	elapsed := time.Since(start)
	return runResult{Events: events, Seconds: elapsed.Seconds(), EventsPerS: float64(events) / elapsed.Seconds(),
		Deliveries: st.Delivered, Dropped: st.Dropped, Retries: retries}, nil
}

// rawStreamServer is the baseline: a FaultNotifier whose ConnectStructuredFaultConsumer sends
// the same events as fast as gRPC takes them, with no notifier behind it (no intake, history,
// filters or queue); each event is still converted to its proto form as the notifier does.
type rawStreamServer struct {
	notifyv1.UnimplementedFaultNotifierServer
	tmpls  []notify.Event
	events int
}

func (s *rawStreamServer) ConnectStructuredFaultConsumer(_ *notifyv1.ConnectStructuredFaultConsumerRequest, stream grpc.ServerStreamingServer[notifyv1.Delivery]) error {
	if err := stream.Send(&notifyv1.Delivery{ConsumerId: "raw"}); err != nil {
		return err
	}
	for i := range s.events {
		e := s.tmpls[i%len(s.tmpls)]
		e.ID, e.Seq, e.Time = fmt.Sprint("raw-", i), uint64(i+1), time.Now()
		if err := stream.Send(&notifyv1.Delivery{ConsumerId: "raw", Event: e.Proto()}); err != nil {
			return err
		}
	}
	<-stream.Context().Done()
	return nil
}

// runRawStream times the baseline stream from connecting to the last event received.
func runRawStream(tmpls []notify.Event, events int) (runResult, error) {
	client, stop, err := serveLoopback(&rawStreamServer{tmpls: tmpls, events: events})
	if err != nil {
		return runResult{}, err
	}
	defer stop()
	runtime.GC()
	start := time.Now()
	w, err := client.Watch(context.Background(), notify.WatchOptions{})
	if err != nil {
		return runResult{}, err
	}
	defer w.Close()
	for range events {
		if _, err := w.Recv(); err != nil {
			return runResult{}, fmt.Errorf("raw stream: %w", err)
		}
	}
	elapsed := time.Since(start)
	return runResult{Events: events, Seconds: elapsed.Seconds(), EventsPerS: float64(events) / elapsed.Seconds(),
		Deliveries: uint64(events)}, nil
}
