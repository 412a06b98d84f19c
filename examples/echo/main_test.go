package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/examples/echo/echoapp"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// As an agent starts it: identity and port from the environment, heartbeats to the agent.
func TestServeAsAMember(t *testing.T) {
	hb, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer hb.Close()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(lis.Addr().String())
	lis.Close()
	t.Setenv("WARDEN_PORT", port)
	t.Setenv("WARDEN_MEMBER", "m7")
	t.Setenv("WARDEN_GROUP", "g1")
	t.Setenv("WARDEN_LOCATION", "host-a")
	t.Setenv("WARDEN_HEARTBEAT_ADDR", hb.LocalAddr().String())
	t.Setenv("WARDEN_HEARTBEAT_INTERVAL", "20ms")
	t.Setenv("WARDEN_HEARTBEAT_SOURCE", "")

	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- echoapp.Run(ctx, nil, &stdout, &stderr) }()

	// The first heartbeat names the member as the agent expects it: <group>/<member>.
	buf := make([]byte, detect.MaxHeartbeatLen)
	hb.SetReadDeadline(time.Now().Add(20 * time.Second))
	n, err := hb.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	beat, err := detect.ParseHeartbeat(buf[:n], nil)
	if err != nil || beat.Source != "g1/m7" || beat.Interval != 20*time.Millisecond {
		t.Fatalf("heartbeat %+v, %v; want source g1/m7 every 20ms", beat, err)
	}

	conn, err := grpc.NewClient("127.0.0.1:"+port, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cctx, ccancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer ccancel()
	r, err := echov1.NewEchoServiceClient(conn).Echo(cctx, &echov1.EchoRequest{Message: "hi"}, grpc.WaitForReady(true))
	if err != nil {
		t.Fatal(err)
	}
	if r.GetMessage() != "hi" || r.GetMember() != "m7" || r.GetLocation() != "host-a" || r.GetPid() == 0 {
		t.Errorf("Echo = %v", r)
	}
	h, err := healthpb.NewHealthClient(conn).Check(cctx, &healthpb.HealthCheckRequest{})
	if err != nil || h.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health %v, %v; want SERVING", h, err)
	}
	if !regexp.MustCompile(`^echo: member "m7" at "host-a" serving on 127\.0\.0\.1:` + port + ` \(pid \d+\)\n$`).MatchString(stdout.String()) {
		t.Errorf("start line %q", stdout.String())
	}

	var out bytes.Buffer
	if err := echoapp.Run(cctx, []string{"call", "127.0.0.1:" + port, "again"}, &out, &out); err != nil || !strings.HasPrefix(out.String(), `again (member "m7" at "host-a", pid `) {
		t.Errorf("echo call: %v, %q", err, out.String())
	}

	cancel() // SIGTERM in main
	if err := <-done; err != nil {
		t.Fatalf("run after a graceful stop: %v (stderr %s)", err, stderr.String())
	}
}

func TestBadUsage(t *testing.T) {
	t.Setenv("WARDEN_HEARTBEAT_ADDR", "")
	for _, tc := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"--nope"}, "", "flag provided but not defined: -nope"},
		{[]string{"extra"}, "", `unexpected argument "extra"`},
		{[]string{"call"}, "", "call: want ADDRESS [MESSAGE]"},
		{nil, "soon", `WARDEN_HEARTBEAT_INTERVAL="soon"`},
	} {
		if tc.env != "" {
			t.Setenv("WARDEN_HEARTBEAT_ADDR", "127.0.0.1:9")
			t.Setenv("WARDEN_HEARTBEAT_INTERVAL", tc.env)
		}
		var out bytes.Buffer
		err := echoapp.Run(context.Background(), tc.args, &out, &out)
		var u echoapp.UsageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q): %v; want a usage error containing %q", tc.args, err, tc.want)
		}
	}
}
