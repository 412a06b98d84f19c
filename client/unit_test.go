package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

func statusWith(code codes.Code, reason string, view *pb.View) error {
	st := status.New(code, "x")
	if reason != "" {
		st, _ = st.WithDetails(&errdetails.ErrorInfo{Domain: ReplicaErrorDomain, Reason: reason})
	}
	if view != nil {
		st, _ = st.WithDetails(&replicav1.Redirect{View: view, MemberId: "m1"})
	}
	return st.Err()
}

// What is retried, and how: the table of the client's contract.
func TestClassify(t *testing.T) {
	v := &pb.View{GroupId: "g", Version: 7}
	other := status.New(codes.Unavailable, "x")
	other, _ = other.WithDetails(&errdetails.ErrorInfo{Domain: "manager.warden.dev", Reason: "NOT_LEADER"})
	for _, tc := range []struct {
		name string
		err  error
		want verdict
		view bool
	}{
		{"not primary with redirect", statusWith(codes.Unavailable, ReasonNotPrimary, v), redirect, true},
		{"stale view with redirect", statusWith(codes.Unavailable, ReasonStaleView, v), redirect, true},
		{"not primary without redirect", statusWith(codes.Unavailable, ReasonNotPrimary, nil), notYet, false},
		{"view behind", statusWith(codes.Unavailable, ReasonViewBehind, nil), notYet, false},
		{"no lease", statusWith(codes.Unavailable, ReasonNoLease, nil), notYet, false},
		{"not ready", statusWith(codes.Unavailable, ReasonNotReady, nil), notYet, false},
		{"unknown replica reason", statusWith(codes.Unavailable, "SOMETHING_NEW", nil), notYet, false},
		{"connection refused", status.Error(codes.Unavailable, "connection refused"), unreachable, false},
		{"another domain's reason", other.Err(), unreachable, false},
		{"request expired", statusWith(codes.FailedPrecondition, ReasonRequestExpired, nil), final, false},
		{"digest mismatch", statusWith(codes.DataLoss, ReasonDigestMismatch, nil), final, false},
		{"application error", status.Error(codes.NotFound, "no such account"), final, false},
		{"deadline", status.Error(codes.DeadlineExceeded, "deadline"), final, false},
		{"cancelled", status.Error(codes.Canceled, "cancelled"), final, false},
		{"not a status", errors.New("plain"), final, false},
	} {
		got, _, view := classify(tc.err)
		if got != tc.want || (view != nil) != tc.view {
			t.Errorf("%s: %v, view %v; want %v, view %v", tc.name, got, view != nil, tc.want, tc.view)
		}
	}
}

func TestBackoff(t *testing.T) {
	base, limit := 10*time.Millisecond, 100*time.Millisecond
	for _, tc := range []struct {
		n        int
		jitter   float64
		min, max time.Duration
	}{
		{0, 0, 5 * time.Millisecond, 5 * time.Millisecond},
		{0, 0.999, 5 * time.Millisecond, 10 * time.Millisecond},
		{1, 0, 10 * time.Millisecond, 10 * time.Millisecond},
		{3, 0.5, 40 * time.Millisecond, 80 * time.Millisecond},
		{4, 0, 50 * time.Millisecond, 50 * time.Millisecond}, // 160ms capped at 100ms
		{63, 0.999, 50 * time.Millisecond, 100 * time.Millisecond},
		{1000, 0, 50 * time.Millisecond, 50 * time.Millisecond},
	} {
		if d := backoff(tc.n, base, limit, tc.jitter); d < tc.min || d > tc.max {
			t.Errorf("backoff(%d, jitter %v) = %v, want in [%v, %v]", tc.n, tc.jitter, d, tc.min, tc.max)
		}
	}
}

func TestGroupOf(t *testing.T) {
	for target, want := range map[string]string{
		"warden:///g1":          "g1",
		"warden://auth/g1":      "g1",
		"warden:g1":             "g1",
		"warden:///":            "",
		"warden:///a/b":         "",
		"dns:///g1":             "",
		"127.0.0.1:7401":        "",
		"warden:///counter-1.x": "counter-1.x",
	} {
		if got := GroupOf(target); got != want {
			t.Errorf("GroupOf(%q) = %q, want %q", target, got, want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	good := DefaultConfig()
	good.Managers = ParseManagers("127.0.0.1:7401, 127.0.0.1:7402,")
	if err := good.Validate(); err != nil || len(good.Managers) != 2 {
		t.Fatalf("%v: %v", good.Managers, err)
	}
	bad := Config{Managers: []string{"127.0.0.1:7401", "nohost", "127.0.0.1:7401", "x:"}, DefaultTimeout: -time.Second, BackoffBase: time.Second, BackoffMax: time.Millisecond, ClientID: "a b"}
	err := bad.Validate()
	for _, want := range []string{`"nohost" is not host:port`, `"127.0.0.1:7401" listed twice`, `"x:" is not host:port`, "DefaultTimeout -1s is negative", "BackoffMax 1ms is below BackoffBase 1s", `ClientID "a b"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v; want it to say %s", err, want)
		}
	}
	if err := (Config{}).Validate(); err == nil || !strings.Contains(err.Error(), "Managers is empty") {
		t.Errorf("empty config: %v", err)
	}
	if _, err := DialOptions(Config{}); err == nil {
		t.Error("DialOptions accepted a config without managers")
	}
	if _, err := NewClient("dns:///x", good); err == nil {
		t.Error("NewClient accepted a target that is not warden:///GROUP")
	}
}

func passiveView(version uint64, primary string, members ...string) *pb.View {
	v := &pb.View{GroupId: "g", Version: version, Epoch: version, Primary: primary, ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE}
	for _, m := range members {
		v.Members = append(v.Members, &pb.Member{MemberId: m, Address: m + ":1", State: pb.MemberState_MEMBER_STATE_READY})
	}
	return v
}

// A new view cancels the attempts it deposes (the primary changed) and no others; views only
// move forward.
func TestAdoptCancelsDeposedAttempts(t *testing.T) {
	g := newGroup("g")
	if !g.adopt(passiveView(5, "m1", "m1", "m2")) {
		t.Fatal("first view not adopted")
	}
	if g.adopt(passiveView(4, "m2", "m1", "m2")) || g.adopt(&pb.View{GroupId: "other", Version: 9}) {
		t.Fatal("an older view, or another group's, was adopted")
	}
	a, actx, cancel := g.begin(context.Background(), nil, true)
	defer cancel(nil)
	if a.getTarget().GetMemberId() != "m1" {
		t.Fatalf("passive attempt's target %v, want the primary m1", a.getTarget())
	}
	g.adopt(passiveView(6, "m1", "m1", "m2", "m3")) // a member joins: m1 still primary
	if actx.Err() != nil {
		t.Fatal("an attempt at the primary was cancelled by a view that kept it primary")
	}
	g.adopt(passiveView(8, "m2", "m1", "m2", "m3"))
	if !errors.Is(context.Cause(actx), errViewChanged) {
		t.Fatalf("attempt at the deposed primary: cause %v, want errViewChanged", context.Cause(actx))
	}
	g.end(a)

	// A non-passive attempt's target is chosen at the pick: setTarget refuses a member that a
	// view adopted since the attempt began no longer has.
	s := &pb.View{GroupId: "g", Version: 10, ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_STATELESS,
		Members: []*pb.Member{{MemberId: "m1", Address: "m1:1"}, {MemberId: "m2", Address: "m2:1"}}}
	g.adopt(s)
	b, _, cancelB := g.begin(context.Background(), nil, true)
	defer cancelB(nil)
	s2 := &pb.View{GroupId: "g", Version: 11, ReplicationStyle: s.ReplicationStyle, Members: s.Members[1:]}
	g.adopt(s2)
	if b.setTarget(s.Members[0]) || !b.wasStale() {
		t.Fatal("setTarget accepted a member removed since the attempt began")
	}
	if !b.setTarget(s.Members[1]) {
		t.Fatal("setTarget refused a member still in the view")
	}
}

// A call's backoff grows while nothing changes, and starts again from BackoffBase when a new
// view arrives: the waits under a dead primary say nothing about the one the view promotes.
func TestANewViewRestartsTheBackoff(t *testing.T) {
	c, err := newClient(Config{Managers: []string{"127.0.0.1:1"}, BackoffBase: time.Millisecond, BackoffMax: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	g := c.group("g")
	g.adopt(passiveView(1, "m1", "m1", "m2"))
	k := &call{c: c, g: g, waits: 10}
	_, changed := g.watch()
	ctx := context.Background()
	g.adopt(passiveView(2, "m2", "m2")) // closes changed
	start := time.Now()
	if !k.wait(ctx, changed) || k.waits != 0 {
		t.Fatalf("wait across a view change: waits %d, want 0", k.waits)
	}
	if d := time.Since(start); d > 25*time.Millisecond {
		t.Errorf("wait across a view change took %v: want it ended by the view", d)
	}
	_, changed = g.watch()
	for want := 1; want <= 3; want++ {
		if !k.wait(ctx, changed) || k.waits != want {
			t.Fatalf("wait %d without a view change: waits %d", want, k.waits)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	e := &Error{Group: "g1", Err: ErrUnavailable, Attempts: 4, Elapsed: 2*time.Second + 300*time.Microsecond, Last: status.Error(codes.Unavailable, "connection refused")}
	want := "group g1: no member answered within 2s (4 attempts): last error: rpc error: code = Unavailable desc = connection refused"
	if e.Error() != want {
		t.Errorf("%q\nwant %q", e.Error(), want)
	}
	if !errors.Is(e, ErrUnavailable) || status.Code(e) != codes.Unavailable || status.Convert(e).Message() != want {
		t.Errorf("%v: want errors.Is ErrUnavailable and an UNAVAILABLE status with the message", e)
	}
	if s := fmt.Sprint(&Error{Group: "g", Err: ErrNoView, Elapsed: time.Second}); s != "group g: no view from the managers within 1s (0 attempts)" {
		t.Errorf("%q", s)
	}
}
