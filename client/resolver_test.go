package client

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

// The resolver gets the view from the first manager that answers (the first address is
// dead), moves to another when the one it watches fails, and resumes there from the version
// it holds; the views made meanwhile reach the client.
func TestResolverFailsOverBetweenManagers(t *testing.T) {
	m := startManager(t)
	for _, loc := range []string{"a", "b"} {
		startFakeAgent(t, m, loc, func(*pb.DesiredMember) string { return "127.0.0.1:1" })
	}
	ea, eb := startEcho(t, "a"), startEcho(t, "b")
	m.registerType(t, "echo")
	m.createGroup(t, "echo", "g4", &pb.Properties{
		ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_STATELESS,
		MembershipStyle:  pb.MembershipStyle_MEMBERSHIP_STYLE_APPLICATION_CONTROLLED, InitialNumberMembers: proto.Uint32(1), MinimumNumberMembers: proto.Uint32(1),
	})
	v1 := m.addExternal(t, "g4", "a", ea.addr)
	p1, p2 := startViewProxy(t, m), startViewProxy(t, m)
	dead := deadAddr(t)

	conn, c := dial(t, "g4", dead, p1.addr, p2.addr)
	echo := echov1.NewEchoServiceClient(conn)
	if r, err := echo.Echo(ctxT(t, 5*time.Second), &echov1.EchoRequest{Message: "x"}); err != nil || r.Location != "a" {
		t.Fatalf("first call: %v, %v", r, err)
	}
	if got := p1.knownVersions(); !slices.Equal(got, []uint64{0}) {
		t.Fatalf("watches at the first live manager: known versions %v, want [0]", got)
	}
	if len(p2.knownVersions()) != 0 {
		t.Fatalf("the third manager was watched (%v) while the second answered", p2.knownVersions())
	}

	// The watched manager fails; a view made meanwhile arrives through the other one.
	held := c.group("g4").current().Version
	if held != v1.Version {
		t.Fatalf("client view version %d, want %d", held, v1.Version)
	}
	p1.srv.Stop()
	v2 := m.addExternal(t, "g4", "b", eb.addr)
	eventually(t, "the view with b through the other manager", func() bool { return c.group("g4").current().GetVersion() >= v2.Version })
	if got := p2.knownVersions(); len(got) == 0 || got[0] != held {
		t.Fatalf("watches at the second live manager: known versions %v, want the first to resume from %d", got, held)
	}
	seen := map[string]bool{}
	eventually(t, "b answering", func() bool {
		r, err := echo.Echo(ctxT(t, 5*time.Second), &echov1.EchoRequest{Message: "x"})
		if err != nil {
			t.Fatal(err)
		}
		seen[r.Location] = true
		return seen["b"]
	})
}

// With no manager reachable a call fails within its deadline with ErrNoView, naming the
// managers' last error.
func TestNoManagerIsOneClearError(t *testing.T) {
	dead1, dead2 := deadAddr(t), deadAddr(t)
	conn, _ := dial(t, "g5", dead1, dead2)
	start := time.Now()
	_, err := echov1.NewEchoServiceClient(conn).Echo(ctxT(t, 500*time.Millisecond), &echov1.EchoRequest{Message: "x"})
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v with a 500ms deadline", d)
	}
	if !errors.Is(err, ErrNoView) || status.Code(err) != codes.Unavailable {
		t.Fatalf("error %v: want ErrNoView, UNAVAILABLE", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "group g5: no view from the managers within") || !strings.Contains(msg, "connection refused") {
		t.Fatalf("error %q: want the group and the managers' last error", msg)
	}
}

// A streaming call through the generated grpc.health.v1 stub: established at a member of the
// group, carrying the request context.
func TestStreamingCall(t *testing.T) {
	m := startManager(t)
	startFakeAgent(t, m, "a", func(*pb.DesiredMember) string { return "127.0.0.1:1" })
	lis := listen(t)
	contexts := make(chan []string, 10)
	srv := grpc.NewServer(grpc.StreamInterceptor(func(s any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		md, _ := metadata.FromIncomingContext(ss.Context())
		contexts <- md.Get(MetadataKey)
		return h(s, ss)
	}))
	healthpb.RegisterHealthServer(srv, health.NewServer())
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	m.registerType(t, "echo")
	m.createGroup(t, "echo", "g6", &pb.Properties{
		ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_STATELESS,
		MembershipStyle:  pb.MembershipStyle_MEMBERSHIP_STYLE_APPLICATION_CONTROLLED, InitialNumberMembers: proto.Uint32(1), MinimumNumberMembers: proto.Uint32(1),
	})
	m.addExternal(t, "g6", "a", lis.Addr().String())
	conn, _ := dial(t, "g6", m.addr)
	st, err := healthpb.NewHealthClient(conn).Watch(ctxT(t, 5*time.Second), &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := st.Recv()
	if err != nil || r.Status != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health watch: %v, %v", r, err)
	}
	rc := &replicav1.RequestContext{}
	if md := <-contexts; len(md) != 1 || proto.Unmarshal([]byte(md[0]), rc) != nil || rc.RequestId == nil || rc.ViewVersion == 0 {
		t.Fatalf("the stream carried %q (%v): want one request context with a request id and a view version", md, rc)
	}
}
