package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/client"
	"github.com/wardenft/warden/internal/cluster"
)

var (
	bins    cluster.Binaries
	counter string
)

func TestMain(m *testing.M) {
	root, err := cluster.ModuleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "warden-counter-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bins, err = cluster.Build(root, dir)
	if err == nil {
		counter = filepath.Join(dir, "counter")
		cmd := exec.Command("go", "build", "-o", counter, "./examples/counter")
		cmd.Dir = root
		if msg, berr := cmd.CombinedOutput(); berr != nil {
			err = fmt.Errorf("go build ./examples/counter: %v\n%s", berr, msg)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// eventually is waitFor that fails the test.
func eventually(t *testing.T, what string, d time.Duration, cond func() error) {
	t.Helper()
	if err := waitFor(d, cond); err != nil {
		t.Fatalf("timed out waiting for %s: %v", what, err)
	}
}

// waitFor polls cond every 10ms until it returns nil or d passes; it returns the last error
// then.
func waitFor(d time.Duration, cond func() error) error {
	deadline := time.Now().Add(d)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		err := cond()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still not after %v: %w", d, err)
		}
		<-tick.C
	}
}

// The counter as processes: a manager, three agents, a WARM_PASSIVE counter group of three
// members the agents start (this binary), a client load; the primary's process is SIGKILLed
// three times and SIGSTOPped once past its lease (then resumed). Every increment is
// acknowledged, and at the end the counter equals their number.
func TestCounterProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	mgr, view, healthy := startCounterCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	cfg := client.DefaultConfig()
	cfg.Managers = []string{mgr.API}
	cc, err := client.NewClient("warden:///counter", cfg, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	cli := counterv1.NewCounterClient(cc)

	var (
		acked, failed atomic.Int64
		mu            sync.Mutex
		values        []int64
	)
	loadCtx, stopLoad := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loadCtx.Err() == nil {
				cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				r, err := cli.Increment(cctx, &counterv1.IncrementRequest{By: 1})
				cancel()
				if err != nil {
					failed.Add(1)
					t.Errorf("increment: %v", err)
					return
				}
				acked.Add(1)
				mu.Lock()
				values = append(values, r.Value)
				mu.Unlock()
			}
		}()
	}
	waitAcked := func(n int64) {
		t.Helper()
		target := acked.Load() + n
		eventually(t, "increments acknowledged", 60*time.Second, func() error {
			if acked.Load() >= target || failed.Load() > 0 {
				return nil
			}
			return fmt.Errorf("%d acked", acked.Load())
		})
	}
	waitAcked(50)

	for i, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGKILL, syscall.SIGSTOP, syscall.SIGKILL} {
		eventually(t, "the group healthy", 60*time.Second, healthy)
		v := view()
		var pid int64
		eventually(t, "the primary's pid", 30*time.Second, func() error {
			cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			r, err := cli.Get(cctx, &counterv1.GetRequest{})
			if err != nil {
				return err
			}
			if r.Member != v.Primary {
				return fmt.Errorf("answered by %s, the primary is %s", r.Member, v.Primary)
			}
			pid = r.Pid
			return nil
		})
		start := time.Now()
		if err := syscall.Kill(int(pid), sig); err != nil {
			t.Fatal(err)
		}
		eventually(t, "a new primary", 60*time.Second, func() error {
			if nv := view(); nv.Primary == v.Primary || nv.Primary == "" {
				return fmt.Errorf("primary %q", nv.Primary)
			}
			return nil
		})
		promoted := time.Since(start)
		waitAcked(20)
		if sig == syscall.SIGSTOP {
			// Resumed after its replacement: it must not answer as a second primary.
			syscall.Kill(int(pid), syscall.SIGCONT)
			var addr string
			for _, x := range v.Members {
				if x.MemberId == v.Primary {
					addr = x.Address
				}
			}
			how, err := refuses(ctx, addr)
			if err != nil {
				t.Errorf("the resumed old primary %s at %s: %v", v.Primary, addr, err)
			}
			t.Logf("the resumed old primary %s refused an increment: %s", v.Primary, how)
		}
		t.Logf("fault %d: %v of the primary %s (pid %d): new primary after %v", i+1, sig, v.Primary, pid, promoted.Round(time.Millisecond))
		if failed.Load() > 0 {
			break
		}
	}
	eventually(t, "the group healthy at the end", 60*time.Second, healthy)
	waitAcked(20)
	stopLoad()
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d increments failed", failed.Load())
	}
	r, err := cli.Get(ctx, &counterv1.GetRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if n := acked.Load(); r.Value != n {
		t.Errorf("counter %d after %d acknowledged increments: want equal", r.Value, n)
	}
	sort.Slice(values, func(i, j int) bool { return values[i] < values[j] })
	for i, v := range values {
		if v != int64(i+1) {
			t.Errorf("acknowledged increments returned %v...: want 1..%d each once", values[max(0, i-2):min(len(values), i+3)], len(values))
			break
		}
	}
	t.Logf("%d increments acknowledged; counter %d", acked.Load(), r.Value)
}

// refuses checks that the member at addr does not execute an increment: it is gone, or it
// answers NO_LEASE or NOT_PRIMARY.
func refuses(ctx context.Context, addr string) (string, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return "", err
	}
	defer conn.Close()
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	r, err := counterv1.NewCounterClient(conn).Increment(cctx, &counterv1.IncrementRequest{By: 1000})
	if err == nil {
		return "", fmt.Errorf("executed an increment: %v", r)
	}
	st := status.Convert(err)
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && (info.Reason == "NO_LEASE" || info.Reason == "NOT_PRIMARY") {
			return info.Reason, nil
		}
	}
	if st.Code() == codes.Unavailable || st.Code() == codes.DeadlineExceeded {
		// Stopped by its agent, or still waking up: either way it did not execute.
		return st.Code().String() + ": " + st.Message(), nil
	}
	return "", fmt.Errorf("answered %v", err)
}

// startCounterCluster starts a manager and three agents, and a WARM_PASSIVE counter group of
// three members that the agents start (this binary); it returns once every backup caught up.
// Options change the group's properties (cold_test.go makes it COLD_PASSIVE).
func startCounterCluster(t *testing.T, opts ...func(*pb.Properties)) (mgr *cluster.Manager, view func() *pb.View, healthy func() error) {
	t.Helper()
	c := cluster.New(t, bins)
	mgr, err := c.StartManager("m1", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"a", "b", "c"} {
		if _, err := c.StartAgent(l); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := grpc.NewClient(mgr.API, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	groups := pb.NewObjectGroupManagerClient(conn)
	ctx := context.Background()
	eventually(t, "three locations up", 30*time.Second, func() error {
		r, err := groups.ListLocations(ctx, &pb.ListLocationsRequest{})
		if err != nil {
			return err
		}
		up := 0
		for _, l := range r.Locations {
			if l.State == pb.LocationState_LOCATION_STATE_UP {
				up++
			}
		}
		if up != 3 {
			return fmt.Errorf("%d up", up)
		}
		return nil
	})
	if _, err := pb.NewTypeRegistryClient(conn).RegisterType(ctx, &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "counter",
		Launch: &pb.LaunchSpec{Command: counter, Args: []string{"-v", "--managers", c.ManagerAddrs()}, StopGracePeriod: durationpb.New(2 * time.Second)}}}); err != nil {
		t.Fatal(err)
	}
	three := uint32(3)
	props := &pb.Properties{
		ReplicationStyle:        pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE,
		FaultMonitoringStyle:    pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL,
		FaultMonitoringInterval: durationpb.New(200 * time.Millisecond),
		FaultMonitoringTimeout:  durationpb.New(200 * time.Millisecond),
		InitialNumberMembers:    &three, MinimumNumberMembers: &three,
	}
	for _, o := range opts {
		o(props)
	}
	if _, err := pb.NewGenericFactoryClient(conn).CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "counter", GroupId: "counter", Criteria: props}); err != nil {
		t.Fatal(err)
	}
	view = func() *pb.View {
		r, err := groups.GetObjectGroupRef(ctx, &pb.GetObjectGroupRefRequest{GroupId: "counter"})
		if err != nil {
			t.Fatal(err)
		}
		return r.View
	}
	healthy = func() error {
		v := view()
		if len(v.Members) != 3 || v.Primary == "" {
			return fmt.Errorf("view %v", v)
		}
		for _, x := range v.Members {
			if x.MemberId != v.Primary && !x.CaughtUp {
				return fmt.Errorf("%s not caught up", x.MemberId)
			}
		}
		return nil
	}
	eventually(t, "three members, backups caught up", 60*time.Second, healthy)
	return mgr, view, healthy
}

// The overhead of replication (the P6), measured when WARDEN_COUNTER_OVERHEAD is set:
// increments per second with 64 concurrent callers against the WARM_PASSIVE group of three
// (through the client SDK) and against one --unreplicated process (plain gRPC), for 3s each.
// The bench/ harness is the place for the real benchmark; this is a quick figure.
func TestCounterOverhead(t *testing.T) {
	if os.Getenv("WARDEN_COUNTER_OVERHEAD") == "" {
		t.Skip("set WARDEN_COUNTER_OVERHEAD=1 to measure")
	}
	const callers, d = 64, 3 * time.Second
	measure := func(cli counterv1.CounterClient) float64 {
		var n atomic.Int64
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		var wg sync.WaitGroup
		for range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					if _, err := cli.Increment(ctx, &counterv1.IncrementRequest{By: 1}); err == nil {
						n.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		return float64(n.Load()) / d.Seconds()
	}

	mgr, _, _ := startCounterCluster(t)
	cfg := client.DefaultConfig()
	cfg.Managers = []string{mgr.API}
	cc, err := client.NewClient("warden:///counter", cfg, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	replicated := measure(counterv1.NewCounterClient(cc))

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	cmd := exec.Command(counter, "--unreplicated", "--listen", addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plain := counterv1.NewCounterClient(conn)
	eventually(t, "the unreplicated counter", 10*time.Second, func() error {
		_, err := plain.Get(context.Background(), &counterv1.GetRequest{})
		return err
	})
	unreplicated := measure(plain)
	t.Logf("increments/s with %d callers: WARM_PASSIVE x3 %.0f, unreplicated %.0f, ratio %.2f", callers, replicated, unreplicated, replicated/unreplicated)
}
