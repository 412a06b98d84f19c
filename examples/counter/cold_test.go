package main

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/durationpb"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/client"
)

// coldPassive makes startCounterCluster's group COLD_PASSIVE: only the primary runs, the
// agents at the other two locations hold its checkpoints (every 300ms) and log.
func coldPassive(p *pb.Properties) {
	p.ReplicationStyle = pb.ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE
	p.CheckpointInterval = durationpb.New(300 * time.Millisecond)
}

// coldHealthy: three members, the primary running (READY, with its address), the two others
// COLD, held at their agents' addresses and caught up (promotable).
func coldHealthy(v *pb.View) error {
	if len(v.Members) != 3 || v.Primary == "" {
		return fmt.Errorf("view epoch %d: %d members, primary %q", v.Epoch, len(v.Members), v.Primary)
	}
	for _, m := range v.Members {
		switch {
		case m.MemberId == v.Primary && (m.State != pb.MemberState_MEMBER_STATE_READY || m.Address == ""):
			return fmt.Errorf("primary %s is %s at %q", m.MemberId, m.State, m.Address)
		case m.MemberId != v.Primary && (m.State != pb.MemberState_MEMBER_STATE_COLD || m.Address == "" || !m.CaughtUp):
			return fmt.Errorf("backup %s is %s at %q, caught up %v", m.MemberId, m.State, m.Address, m.CaughtUp)
		}
	}
	return nil
}

// COLD_PASSIVE as processes: a manager, three agents, a counter group whose primary alone
// runs; clients increment through the client SDK while the primary's process is SIGKILLed
// five times. Each time the manager promotes a cold backup, whose agent fences its log holder
// with the new epoch and starts the member, which restores the holder's checkpoint and
// replays its log before it serves. Every acknowledged increment survives exactly once: the
// counter equals their number, each client saw its values increase, and together the values
// are 1..n.
func TestCounterColdPassive(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	mgr, view, _ := startCounterCluster(t, coldPassive)
	eventually(t, "a healthy COLD_PASSIVE group", 60*time.Second, func() error { return coldHealthy(view()) })
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	// Every view, with when it arrived, for the failover timeline.
	type seen struct {
		at time.Time
		v  *pb.View
	}
	var (
		viewMu sync.Mutex
		views  []seen
	)
	conn, err := grpc.NewClient(mgr.API, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	watch, err := pb.NewObjectGroupManagerClient(conn).WatchView(ctx, &pb.WatchViewRequest{GroupId: "counter"})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			v, err := watch.Recv()
			if err != nil {
				return
			}
			viewMu.Lock()
			views = append(views, seen{time.Now(), v})
			viewMu.Unlock()
		}
	}()
	// promotedAt: when the first view after t named a primary other than old (STARTING).
	promotedAt := func(t0 time.Time, old string) time.Duration {
		viewMu.Lock()
		defer viewMu.Unlock()
		for _, s := range views {
			if s.at.After(t0) && s.v.Primary != "" && s.v.Primary != old {
				return s.at.Sub(t0)
			}
		}
		return -1
	}

	const clients = 4
	type ack struct {
		at    time.Time
		value int64
	}
	var (
		mu     sync.Mutex
		acks   [clients][]ack
		failed []error
	)
	acked := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, a := range acks {
			n += len(a)
		}
		return n
	}
	ccfg := client.DefaultConfig()
	ccfg.Managers = []string{mgr.API}
	var clis [clients]counterv1.CounterClient
	for i := range clis {
		cc, err := client.NewClient("warden:///counter", ccfg, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		defer cc.Close()
		clis[i] = counterv1.NewCounterClient(cc)
	}
	loadCtx, stopLoad := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i, cli := range clis {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loadCtx.Err() == nil {
				cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				r, err := cli.Increment(cctx, &counterv1.IncrementRequest{By: 1})
				cancel()
				mu.Lock()
				if err != nil {
					failed = append(failed, fmt.Errorf("client %d: increment: %w", i, err))
					mu.Unlock()
					return
				}
				acks[i] = append(acks[i], ack{time.Now(), r.Value})
				mu.Unlock()
			}
		}()
	}
	failures := func() error {
		mu.Lock()
		defer mu.Unlock()
		if len(failed) > 0 {
			return failed[0]
		}
		return nil
	}
	waitAcked := func(n int) {
		t.Helper()
		target := acked() + n
		eventually(t, "increments acknowledged", 60*time.Second, func() error {
			if acked() >= target || failures() != nil {
				return nil
			}
			return fmt.Errorf("%d acknowledged, waiting for %d", acked(), target)
		})
	}
	waitAcked(100)

	type kill struct {
		at       time.Time
		primary  string
		promoted time.Duration // until the view shows the new primary READY
	}
	var kills []kill
	for i := range 5 {
		var v *pb.View
		eventually(t, "a healthy COLD_PASSIVE group", 60*time.Second, func() error { v = view(); return coldHealthy(v) })
		var pid int64
		eventually(t, "the primary's pid", 30*time.Second, func() error {
			cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			r, err := clis[0].Get(cctx, &counterv1.GetRequest{})
			if err != nil {
				return err
			}
			if r.Member != v.Primary {
				return fmt.Errorf("answered by %s, the primary is %s", r.Member, v.Primary)
			}
			pid = r.Pid
			return nil
		})
		waitAcked(20)
		start := time.Now()
		if err := syscall.Kill(int(pid), syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		eventually(t, "a cold backup promoted and running", 60*time.Second, func() error {
			nv := view()
			if nv.Primary == v.Primary || nv.Primary == "" {
				return fmt.Errorf("primary %q", nv.Primary)
			}
			for _, m := range nv.Members {
				if m.MemberId == nv.Primary && (m.State != pb.MemberState_MEMBER_STATE_READY || m.Address == "") {
					return fmt.Errorf("new primary %s is %s", m.MemberId, m.State)
				}
			}
			return nil
		})
		kills = append(kills, kill{at: start, primary: v.Primary, promoted: time.Since(start)})
		waitAcked(50)
		if err := failures(); err != nil {
			t.Fatalf("after kill %d: %v", i+1, err)
		}
	}
	eventually(t, "a healthy COLD_PASSIVE group at the end", 60*time.Second, func() error { return coldHealthy(view()) })
	waitAcked(50)
	stopLoad()
	wg.Wait()
	if err := failures(); err != nil {
		t.Fatal(err)
	}

	// Exactly once: the counter is the number of acknowledged increments, each client's
	// values increase, and together they are 1..n.
	r, err := clis[0].Get(ctx, &counterv1.GetRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var all []ack
	for i, as := range acks {
		for j := 1; j < len(as); j++ {
			if as[j].value <= as[j-1].value {
				t.Errorf("client %d: increment %d returned %d after %d", i, j, as[j].value, as[j-1].value)
				break
			}
		}
		all = append(all, as...)
	}
	if n := int64(len(all)); r.Value != n {
		t.Errorf("counter %d after %d acknowledged increments: want equal", r.Value, n)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].value < all[j].value })
	for i, a := range all {
		if a.value != int64(i+1) {
			t.Errorf("the acknowledged increments returned ...%d at position %d: want 1..%d each once", a.value, i+1, len(all))
			break
		}
	}

	// Failover as the clients saw it: the longest time without an acknowledgement around
	// each kill.
	sort.Slice(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
	var gaps []time.Duration
	for i, k := range kills {
		var gap time.Duration
		for j := 1; j < len(all); j++ {
			if all[j].at.After(k.at) && all[j-1].at.Before(k.at.Add(k.promoted)) {
				gap = max(gap, all[j].at.Sub(all[j-1].at))
			}
		}
		gaps = append(gaps, gap)
		t.Logf("kill %d: SIGKILL of the primary %s: a cold member promoted after %v, READY (restored, serving) in the view after %v; clients waited at most %v",
			i+1, k.primary, promotedAt(k.at, k.primary).Round(time.Millisecond), k.promoted.Round(time.Millisecond), gap.Round(time.Millisecond))
	}
	sort.Slice(gaps, func(i, j int) bool { return gaps[i] < gaps[j] })
	t.Logf("%d increments acknowledged by %d clients, counter %d; client-seen failover over %d kills: median %v, max %v",
		len(all), clients, r.Value, len(kills), gaps[len(gaps)/2].Round(time.Millisecond), gaps[len(gaps)-1].Round(time.Millisecond))
}
