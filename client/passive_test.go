package client

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

// passiveGroup is a WARM_PASSIVE group with application-controlled membership whose members
// are fake members (external: no agent runs them; fake agents keep their locations up), and
// a client that watches it through a proxy the test can hold.
type passiveGroup struct {
	m       *testManager
	proxy   *viewProxy
	members map[string]*fakeMember // by location
	echo    echov1.EchoServiceClient
	c       *client
	g       *group
}

func startPassiveGroup(t *testing.T, group string, locs ...string) *passiveGroup {
	t.Helper()
	m := startManager(t)
	p := &passiveGroup{m: m, members: map[string]*fakeMember{}}
	for _, loc := range locs {
		startFakeAgent(t, m, loc, func(*pb.DesiredMember) string { return "127.0.0.1:1" })
		p.members[loc] = startFakeMember(t, loc)
	}
	m.registerType(t, "echo")
	m.createGroup(t, "echo", group, &pb.Properties{
		ReplicationStyle:     pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE,
		MembershipStyle:      pb.MembershipStyle_MEMBERSHIP_STYLE_APPLICATION_CONTROLLED,
		InitialNumberMembers: proto.Uint32(uint32(len(locs))),
		MinimumNumberMembers: proto.Uint32(1),
	})
	var v *pb.View
	for _, loc := range locs {
		v = m.addExternal(t, group, loc, p.members[loc].addr)
	}
	p.tell(v, locs...)
	p.proxy = startViewProxy(t, m)
	conn, c := dial(t, group, p.proxy.addr)
	p.echo, p.c, p.g = echov1.NewEchoServiceClient(conn), c, c.group(group)
	return p
}

// tell gives v to the members at locs, as the replica SDK hears of views.
func (p *passiveGroup) tell(v *pb.View, locs ...string) {
	for _, loc := range locs {
		p.members[loc].learn(v)
	}
}

// call makes one Echo call and returns who answered and the request id it carried.
func (p *passiveGroup) call(t *testing.T, timeout time.Duration) (*echov1.EchoResponse, string, error) {
	t.Helper()
	r, err := p.echo.Echo(ctxT(t, timeout), &echov1.EchoRequest{Message: "m"})
	// Calls are made one at a time: the last retention id handed out is this call's.
	return r, reqKey(&replicav1.RequestId{ClientId: p.c.id, RetentionId: p.c.next.Load()}), err
}

// attempts returns every attempt of the request id key, at every member.
func (p *passiveGroup) attempts(key string) (n int, versions []uint64) {
	for _, f := range p.members {
		for _, rc := range f.attemptsOf(key) {
			n++
			versions = append(versions, rc.ViewVersion)
		}
	}
	return n, versions
}

func (p *passiveGroup) executions(key string) int {
	n := 0
	for _, f := range p.members {
		f.mu.Lock()
		n += f.executions[key]
		f.mu.Unlock()
	}
	return n
}

func (p *passiveGroup) waitClientView(t *testing.T, v *pb.View) {
	t.Helper()
	eventually(t, "the client's view at version "+strconv.FormatUint(v.Version, 10), func() bool { return p.g.current().GetVersion() >= v.Version })
}

// The client sends a passive group's calls to its primary, with a request id that stays the
// same across retries and the view version it sends under; it masks NOT_READY, follows
// NOT_PRIMARY and STALE_VIEW redirects at once (the manager's stream held back, so only the
// redirect can tell it), backs off on VIEW_BEHIND, follows a primary change made through the
// manager (set_primary_member, remove_member after the primary died), and turns "every member
// down" into one clear error within the call's deadline.
func TestPassiveFollowsThePrimary(t *testing.T) {
	p := startPassiveGroup(t, "g2", "p1", "p2", "p3")
	a, b := p.members["p1"], p.members["p2"]
	v := p.m.view(t, "g2")
	if v.Primary != a.id {
		t.Fatalf("view %v: want the first member added (%s) primary", v, a.id)
	}

	// 1. Every call goes to the primary, under the current view, each with its own request id.
	keys := map[string]bool{}
	for range 5 {
		r, key, err := p.call(t, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if r.Location != "p1" {
			t.Fatalf("answered by %s, want the primary at p1", r.Location)
		}
		if keys[key] {
			t.Fatalf("request id %s used by two calls", key)
		}
		keys[key] = true
		if rc := a.lastSeen(); rc.ViewVersion != v.Version || rc.RequestId.GetClientId() != p.c.id || rc.Expiration == nil {
			t.Fatalf("request context %v: want view_version %d, client id %s, an expiration", rc, v.Version, p.c.id)
		}
	}

	// 2. NOT_READY twice: retried at the same primary with the same request id; executed once.
	a.mu.Lock()
	a.notReady = 2
	a.mu.Unlock()
	r, key, err := p.call(t, 5*time.Second)
	if err != nil || r.Location != "p1" {
		t.Fatalf("call after NOT_READY: %v, %v", r, err)
	}
	if n, _ := p.attempts(key); n != 3 || p.executions(key) != 1 {
		t.Fatalf("request %s: %d attempts, %d executions; want 3 attempts with one id, executed once", key, n, p.executions(key))
	}

	// 3. NOT_PRIMARY with a Redirect: the manager made p2 primary, the members know, the
	// client's manager stream is held. The client adopts the redirect's view and resends to
	// p2 under it, with the same request id.
	p.proxy.hold()
	v4 := p.m.setPrimary(t, "g2", "p2")
	p.tell(v4, "p1", "p2", "p3")
	r, key, err = p.call(t, 5*time.Second)
	if err != nil || r.Location != "p2" {
		t.Fatalf("call after set_primary_member p2: %v, %v", r, err)
	}
	n, versions := p.attempts(key)
	if n != 2 || versions[0] == versions[1] || len(a.attemptsOf(key)) != 1 || len(b.attemptsOf(key)) != 1 || p.executions(key) != 1 {
		t.Fatalf("request %s: %d attempts (view versions %v: p1 %d, p2 %d); want one at p1, then one at p2 under the redirect's view, executed once",
			key, n, versions, len(a.attemptsOf(key)), len(b.attemptsOf(key)))
	}
	if got := b.attemptsOf(key)[0].ViewVersion; got != v4.Version {
		t.Fatalf("retry at p2 under view version %d, want the redirect's %d", got, v4.Version)
	}
	if p.g.current().Version != v4.Version {
		t.Fatalf("client view version %d, want %d (adopted from the redirect)", p.g.current().Version, v4.Version)
	}

	// 4. STALE_VIEW: p3 leaves the group (primary unchanged); only p2 knows. The client sends
	// under the older view, gets STALE_VIEW with the new one, and resends under it.
	v5 := p.m.remove(t, "g2", "p3", "")
	p.tell(v5, "p1", "p2")
	r, key, err = p.call(t, 5*time.Second)
	if err != nil || r.Location != "p2" {
		t.Fatalf("call after remove_member p3: %v, %v", r, err)
	}
	if at := b.attemptsOf(key); len(at) != 2 || at[0].ViewVersion != v4.Version || at[1].ViewVersion != v5.Version {
		t.Fatalf("request %s at p2: %v; want two attempts, under %d then %d", key, at, v4.Version, v5.Version)
	}
	p.proxy.release()

	// 5. The manager makes p1 primary again and the client hears it from the manager; p1
	// has not heard yet and answers VIEW_BEHIND twice, then learns the view and serves.
	v6 := p.m.setPrimary(t, "g2", "p1")
	p.tell(v6, "p2")
	a.mu.Lock()
	a.behind, a.next = 2, v6
	a.mu.Unlock()
	p.waitClientView(t, v6)
	r, key, err = p.call(t, 5*time.Second)
	if err != nil || r.Location != "p1" {
		t.Fatalf("call after set_primary_member p1: %v, %v", r, err)
	}
	if at := a.attemptsOf(key); len(at) != 3 || p.executions(key) != 1 {
		t.Fatalf("request %s at p1: %d attempts, %d executions; want 3 (two VIEW_BEHIND), executed once", key, len(at), p.executions(key))
	}

	// 6. The primary dies; the call fails over (retrying) until the operator removes it and
	// promotes p2, which the client hears from the manager, and p2 answers.
	a.srv.Stop()
	retries := p.c.retries.Load()
	done := make(chan error, 1)
	var answer *echov1.EchoResponse
	go func() {
		r, _, err := p.call(t, 10*time.Second)
		answer = r
		done <- err
	}()
	eventually(t, "the call retrying against the dead primary", func() bool { return p.c.retries.Load() > retries })
	v7 := p.m.remove(t, "g2", "p1", b.id)
	if v7.Primary != b.id {
		t.Fatalf("view %v: want p2 (%s) promoted", v7, b.id)
	}
	p.tell(v7, "p2")
	if err := <-done; err != nil || answer.Location != "p2" {
		t.Fatalf("call across the primary's death: %v, %v", answer, err)
	}

	// 7. Every member down: one clear error, UNAVAILABLE, within the deadline.
	b.srv.Stop()
	start := time.Now()
	_, _, err = p.call(t, time.Second)
	elapsed := time.Since(start)
	if elapsed > 1500*time.Millisecond {
		t.Errorf("the failing call took %v with a 1s deadline", elapsed)
	}
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrUnavailable) || status.Code(err) != codes.Unavailable {
		t.Fatalf("call with every member down: %T %v; want a client.Error, ErrUnavailable, code UNAVAILABLE", err, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "group g2: no member answered within") || !strings.Contains(msg, "last error") || e.Attempts < 2 {
		t.Fatalf("error %q (%d attempts): want the group, the deadline, the last error, several attempts", msg, e.Attempts)
	}
	t.Logf("the error: %v", err)
}

// A primary that hangs (a paused process) holds a call until the manager makes another
// member primary: the new view cancels the attempt at once and the call is resent, with the
// same request id, to the new primary; it does not wait for its deadline.
func TestPassiveLeavesAHungPrimaryOnViewChange(t *testing.T) {
	p := startPassiveGroup(t, "g7", "p1", "p2")
	a, b := p.members["p1"], p.members["p2"]
	if _, _, err := p.call(t, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	hang := make(chan struct{})
	defer close(hang)
	a.mu.Lock()
	a.hang = hang
	a.mu.Unlock()
	type result struct {
		r   *echov1.EchoResponse
		key string
		err error
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		r, key, err := p.call(t, 20*time.Second)
		done <- result{r, key, err}
	}()
	eventually(t, "the call held at the hung primary", func() bool {
		a.mu.Lock()
		defer a.mu.Unlock()
		return len(a.seen) == 2
	})
	p.proxy.hold() // p2 learns the view before the client does
	v := p.m.setPrimary(t, "g7", "p2")
	p.tell(v, "p2")
	p.proxy.release()
	res := <-done
	if res.err != nil || res.r.Location != "p2" {
		t.Fatalf("call across the hung primary: %v, %v", res.r, res.err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the call took %v: it waited for its deadline instead of leaving on the new view", d)
	}
	if len(a.attemptsOf(res.key)) != 1 || len(b.attemptsOf(res.key)) != 1 || b.attemptsOf(res.key)[0].ViewVersion != v.Version {
		t.Fatalf("request %s: %d attempts at the hung primary, %d at the new one; want one each, the second under view %d",
			res.key, len(a.attemptsOf(res.key)), len(b.attemptsOf(res.key)), v.Version)
	}
}

// A call whose context ends is not retried past it, and the caller's own cancellation is
// returned as CANCELED, not as the client's error.
func TestPassiveCallerCancellation(t *testing.T) {
	p := startPassiveGroup(t, "g3", "p1")
	a := p.members["p1"]
	if _, _, err := p.call(t, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	a.mu.Lock()
	a.notReady = 1 << 30
	a.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := p.echo.Echo(ctx, &echov1.EchoRequest{Message: "x"})
		done <- err
	}()
	eventually(t, "the call retrying", func() bool { return len(a.attemptsOf(reqKey(a.lastSeen().RequestId))) > 2 })
	cancel()
	if err := <-done; status.Code(err) != codes.Canceled {
		t.Fatalf("cancelled call: %v; want CANCELED", err)
	}
}
