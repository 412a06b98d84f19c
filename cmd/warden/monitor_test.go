package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func TestSplitCommand(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  bool
	}{
		{in: "a b  c", want: []string{"a", "b", "c"}},
		{in: `sh -c "sleep 0.3; exit 3"`, want: []string{"sh", "-c", "sleep 0.3; exit 3"}},
		{in: `echo 'it''s' "a \"b\"" c\ d`, want: []string{"echo", "its", `a "b"`, "c d"}},
		{in: `x ""`, want: []string{"x", ""}},
		{in: `sh -c "oops`, err: true},
		{in: `sh 'oops`, err: true},
		{in: "   ", err: true},
	} {
		got, err := splitCommand(tc.in)
		if tc.err != (err != nil) || !tc.err && !slices.Equal(got, tc.want) {
			t.Errorf("splitCommand(%q) = %q, %v; want %q (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// wardenProc is a warden process started by a test.
type wardenProc struct {
	cmd    *exec.Cmd
	stdout *bufio.Reader
	stderr io.ReadCloser
}

func startWarden(t *testing.T, args ...string) *wardenProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "WARDEN_TEST_MAIN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	errp, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &wardenProc{cmd: cmd, stdout: bufio.NewReader(out), stderr: errp}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { io.Copy(io.Discard, errp); cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	return p
}

// startMonitor starts warden monitor on free ports and returns it with its notifier and
// heartbeat addresses, read from the line it prints on start.
func startMonitor(t *testing.T, args ...string) (p *wardenProc, notifier, heartbeats string) {
	t.Helper()
	p = startWarden(t, append([]string{"monitor", "--listen", "127.0.0.1:0", "--heartbeat-listen", "127.0.0.1:0", "--profile", "local", "--location", "test-host", "--log-level", "error"}, args...)...)
	go io.Copy(io.Discard, p.stderr)
	line, err := p.stdout.ReadString('\n')
	if err != nil {
		t.Fatalf("monitor printed no start line: %v", err)
	}
	m := regexp.MustCompile(`FaultNotifier on (\S+), heartbeats on udp (\S+),`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("unexpected start line %q", line)
	}
	return p, m[1], m[2]
}

type jsonEvent struct {
	ID       string            `json:"id"`
	Kind     string            `json:"kind"`
	Location string            `json:"location"`
	Member   string            `json:"member"`
	Detector string            `json:"detector"`
	Severity string            `json:"severity"`
	Evidence map[string]string `json:"evidence"`
}

// waitForEvent polls `warden faults ls` until an event matching filter appears.
func waitForEvent(t *testing.T, server, filter string) jsonEvent {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := warden(t, "faults", "ls", "--server", server, "--filter", filter, "-o", "json")
		if err != nil {
			t.Fatalf("faults ls: %v\n%s", err, out)
		}
		if line, _, _ := strings.Cut(out, "\n"); line != "" {
			var e jsonEvent
			if err := json.Unmarshal([]byte(line), &e); err != nil {
				t.Fatalf("faults ls -o json printed %q: %v", line, err)
			}
			return e
		}
		if time.Now().After(deadline) {
			all, _ := warden(t, "faults", "ls", "--server", server)
			t.Fatalf("no event matching %s within 30s; history:\n%s", filter, all)
		}
		time.Sleep(50 * time.Millisecond) // polling interval of a deadline-bounded poll
	}
}

// TestMonitorChildCrashAndDamping: a child that keeps exiting is reported as a crash with its
// exit code, restarted, classified intermittent after three faults and then held back.
func TestMonitorChildCrashAndDamping(t *testing.T) {
	_, server, _ := startMonitor(t, "--exec", `flappy=sh -c "exit 3"`, "--restart")
	crash := waitForEvent(t, server, `event.kind == "ObjectCrashFault" && event.member == "flappy"`)
	if crash.Evidence["exit_code"] != "3" || crash.Location != "test-host" || crash.Detector != "process" || crash.Severity != "critical" {
		t.Fatalf("crash event %+v", crash)
	}
	c := waitForEvent(t, server, `event.kind == "Classified" && event.member == "flappy"`)
	if c.Evidence["class"] != "intermittent" {
		t.Fatalf("classification %+v", c)
	}
	waitForEvent(t, server, `event.kind == "Suppressed" && event.member == "flappy"`)
	waitForEvent(t, server, `event.kind == "IncidentOpened" && event.member == "flappy" && event.detector == "analyzer"`)
}

// TestMonitorHeartbeatCrashWatched: a warden heartbeat process is SIGKILLed; a running
// `warden faults watch` prints the crash.
func TestMonitorHeartbeatCrashWatched(t *testing.T) {
	_, server, hbAddr := startMonitor(t)
	watch := startWarden(t, "faults", "watch", "--server", server, "-o", "json",
		"--filter", `event.member == "job1" && event.kind == "ObjectCrashFault"`)
	ready, err := bufio.NewReader(watch.stderr).ReadString('\n')
	if err != nil || !strings.Contains(ready, "watching as consumer") {
		t.Fatalf("faults watch did not start: %q %v", ready, err)
	}
	hb := startWarden(t, "heartbeat", "--to", hbAddr, "--source", "job1", "--interval", "50ms")
	waitForEvent(t, server, `event.member == "job1" && event.kind == "MemberUp"`)
	hb.cmd.Process.Kill()
	lines := make(chan string, 1)
	go func() {
		l, _ := watch.stdout.ReadString('\n')
		lines <- l
	}()
	select {
	case l := <-lines:
		var e jsonEvent
		if err := json.Unmarshal([]byte(l), &e); err != nil || e.Kind != "ObjectCrashFault" || e.Member != "job1" || e.Detector != "heartbeat-phi" {
			t.Fatalf("watch printed %q (%v)", l, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("faults watch printed nothing within 30s of the kill")
	}
}

// TestMonitorGRPCHealth: a gRPC health server that turns NOT_SERVING is an omission fault;
// SERVING again is a recovery.
func TestMonitorGRPCHealth(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	hs := health.NewServer()
	healthpb.RegisterHealthServer(srv, hs)
	go srv.Serve(lis)
	defer srv.Stop()
	_, server, _ := startMonitor(t, "--grpc", "db="+lis.Addr().String(), "--poll-interval", "50ms", "--poll-timeout", "500ms")
	waitForEvent(t, server, `event.member == "db" && event.kind == "MemberUp"`)
	hs.SetServingStatus("", healthpb.HealthCheckResponse_NOT_SERVING)
	e := waitForEvent(t, server, `event.member == "db" && event.kind == "OmissionFault"`)
	if e.Evidence["status"] != "NOT_SERVING" {
		t.Fatalf("omission evidence %v", e.Evidence)
	}
	hs.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	waitForEvent(t, server, `event.member == "db" && event.kind == "MemberRecovered"`)
}

func TestMonitorRejectsBadInput(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"monitor --grpc nameonly", `--grpc "nameonly": want NAME=VALUE`},
		{"monitor --profile wan --listen 127.0.0.1:0", `profile: "wan" is not lan or local`},
		{"monitor --tcp a=127.0.0.1:1 --tcp a=127.0.0.1:2 --listen 127.0.0.1:0", `"a" appears twice`},
		{"faults ls -o yaml", `--output: "yaml" is not text or json`},
		{"heartbeat --to 127.0.0.1:1", `required flag(s) "source" not set`},
	} {
		out, err := warden(t, strings.Fields(tc.args)...)
		if err == nil || !strings.Contains(out, tc.want) {
			t.Errorf("warden %s: err %v, output %q; want an error containing %q", tc.args, err, out, tc.want)
		}
	}
	// A bad CEL filter is refused by the server with the compiler's message.
	_, server, _ := startMonitor(t)
	out, err := warden(t, "faults", "ls", "--server", server, "--filter", "event.nosuchfield == 1")
	if err == nil || !strings.Contains(out, "nosuchfield") {
		t.Errorf("bad filter: err %v, output %q", err, out)
	}
}
