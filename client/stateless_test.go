package client

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
)

// A STATELESS group run by the manager (infrastructure-controlled, members made by agents):
// calls through the generated EchoService stub are spread over every member; when a member
// stops mid-run, calls keep succeeding on the others, and the view without it (the agent
// reported the exit, the manager removed the member) reaches the client.
func TestStatelessSpreadsCallsAndSurvivesAMemberStop(t *testing.T) {
	m := startManager(t)
	echoes := map[string]*echoMember{}
	agents := map[string]*fakeAgent{}
	for _, loc := range []string{"a", "b", "c"} {
		echoes[loc] = startEcho(t, loc)
	}
	for loc, e := range echoes {
		agents[loc] = startFakeAgent(t, m, loc, func(*pb.DesiredMember) string { return e.addr })
	}
	m.registerType(t, "echo")
	m.createGroup(t, "echo", "g1", &pb.Properties{
		ReplicationStyle:     pb.ReplicationStyle_REPLICATION_STYLE_STATELESS,
		MembershipStyle:      pb.MembershipStyle_MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED,
		InitialNumberMembers: proto.Uint32(3),
		MinimumNumberMembers: proto.Uint32(1), // a stopped member is not replaced
		Factories:            &pb.Factories{Locations: []string{"a", "b", "c"}},
	})

	conn, c := dial(t, "g1", m.addr)
	echo := echov1.NewEchoServiceClient(conn) // the generated stub, unchanged
	g := c.group("g1")

	// Every member answers once the view has all three and the client is connected to them.
	seen := map[string]int{}
	eventually(t, "every member answering", func() bool {
		r, err := echo.Echo(ctxT(t, 5*time.Second), &echov1.EchoRequest{Message: "hello"})
		if err != nil {
			t.Fatalf("echo: %v; client view %v", err, g.current())
		}
		if r.Message != "hello" {
			t.Fatalf("echo answered %q", r.Message)
		}
		seen[r.Location]++
		return len(seen) == 3
	})
	if v := g.current(); len(v.Members) != 3 {
		t.Fatalf("client view %v: want 3 members", v)
	}
	clear(seen)
	const n = 60
	for range n {
		r, err := echo.Echo(ctxT(t, 5*time.Second), &echov1.EchoRequest{Message: "x"})
		if err != nil {
			t.Fatal(err)
		}
		seen[r.Location]++
	}
	for _, loc := range []string{"a", "b", "c"} {
		if seen[loc] < n/6 { // round-robin gives n/3 each; allow a reconnection or two
			t.Errorf("calls per member %v: %s got %d of %d", seen, loc, seen[loc], n)
		}
	}

	// Load from four goroutines while the member at a stops.
	var (
		stop     = make(chan struct{})
		wg       sync.WaitGroup
		ok, fail atomic.Int64
		mu       sync.Mutex
		errs     []error
		lastA    atomic.Int64 // ok count when a answered last
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				r, err := echo.Echo(ctx, &echov1.EchoRequest{Message: "load"})
				cancel()
				if err != nil {
					fail.Add(1)
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					continue
				}
				k := ok.Add(1)
				if r.Location == "a" {
					lastA.Store(k)
				}
			}
		}()
	}
	eventually(t, "load running", func() bool { return ok.Load() > 50 })

	victim := memberAtLocation(g.current(), "a")
	before := g.current()
	echoes["a"].srv.Stop() // the member's process dies: connections reset, port closed
	agents["a"].exit(victim.MemberId)
	eventually(t, "the view without the stopped member", func() bool {
		v := g.current()
		return v.Version > before.Version && memberAtLocation(v, "a") == nil
	})
	after := ok.Load()
	eventually(t, "calls after the view change", func() bool { return ok.Load() > after+100 })
	close(stop)
	wg.Wait()

	if fail.Load() > 0 {
		t.Fatalf("%d of %d calls failed while a member stopped; first: %v", fail.Load(), ok.Load()+fail.Load(), errs[0])
	}
	if la := lastA.Load(); la > after {
		t.Errorf("the stopped member answered call %d, after the view without it (call %d)", la, after)
	}
	v := g.current()
	if v.Epoch <= before.Epoch || len(v.Members) != 2 {
		t.Errorf("view after the stop: epoch %d (before %d), %d members; want a new epoch with 2", v.Epoch, before.Epoch, len(v.Members))
	}
	t.Logf("%d calls, none failed; %d attempts in all, %d retries; view epoch %d -> %d", ok.Load(), c.attempts.Load(), c.retries.Load(), before.Epoch, v.Epoch)
}

func memberAtLocation(v *pb.View, loc string) *pb.Member {
	for _, m := range v.GetMembers() {
		if m.Location == loc {
			return m
		}
	}
	return nil
}
