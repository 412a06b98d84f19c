package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/durationpb"

	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/examples/echo/echoapp"
)

// The repair part of the demo: a manager and three agents (child processes of this binary),
// a STATELESS group of three echo members (this binary again, `warden demo echo-member`),
// then two member faults — a crash (SIGKILL) and a hang (SIGSTOP, caught by the health
// checks) — each repaired by the manager with a new view.

// demoLocations are the agents' locations.
var demoLocations = []string{"host-a", "host-b", "host-c"}

var demoManagerLine = regexp.MustCompile(`^warden manager \S+: API on (\S+),`)

func runRepairDemo(ctx context.Context, out io.Writer, dir string) (err error) {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	say("\nWarden demo: a replication manager repairs a STATELESS group")
	say("  logs:     %s", dir)

	var procs []*demoProc
	defer func() {
		for i := len(procs) - 1; i >= 0; i-- { // agents (and their members) first, the manager last
			procs[i].stop(5 * time.Second)
		}
	}()
	m, sc, err := startDemoProc(dir, "manager", "manager", "--data", filepath.Join(dir, "manager"),
		"--listen", "127.0.0.1:0", "--raft", "127.0.0.1:0", "--profile", "local", "--log-level", "warn")
	if err != nil {
		return err
	}
	procs = append(procs, m)
	api := ""
	for sc.Scan() {
		if l := demoManagerLine.FindStringSubmatch(sc.Text()); l != nil {
			api = l[1]
			break
		}
	}
	if api == "" {
		return fmt.Errorf("the manager did not start (see %s)", filepath.Join(dir, "manager.log"))
	}
	go func() { // drain the rest, so that the manager never blocks on a full pipe
		for sc.Scan() {
		}
	}()
	say("\n[1] one manager (API on %s) and an agent at each of %s", api, strings.Join(demoLocations, ", "))
	for _, loc := range demoLocations {
		a, asc, err := startDemoProc(dir, "agent-"+loc, "agent", "--location", loc, "--managers", api,
			"--data", filepath.Join(dir, "agent-"+loc), "--listen", "127.0.0.1:0", "--heartbeat-listen", "127.0.0.1:0", "--log-level", "warn")
		if err != nil {
			return err
		}
		procs = append(procs, a)
		go func() {
			for asc.Scan() {
			}
		}()
	}

	cc, err := grpc.NewClient(api, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer cc.Close()
	groups := pb.NewObjectGroupManagerClient(cc)
	if err := demoPoll(ctx, 30*time.Second, "the agents to register", func(ctx context.Context) error {
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
		if up < len(demoLocations) {
			return fmt.Errorf("%d of %d locations up", up, len(demoLocations))
		}
		return nil
	}); err != nil {
		return err
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	if _, err := pb.NewTypeRegistryClient(cc).RegisterType(ctx, &pb.RegisterTypeRequest{Type: &pb.MemberType{
		TypeId: "echo", Description: "the echo example member (warden demo echo-member)",
		Launch: &pb.LaunchSpec{Command: self, Args: []string{"demo", "echo-member", "--listen", "127.0.0.1:{{port}}"}, StopGracePeriod: durationpb.New(2 * time.Second)},
	}}); err != nil {
		return fmt.Errorf("register the echo type: %w", err)
	}
	three := uint32(3)
	if _, err := pb.NewGenericFactoryClient(cc).CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "echo", GroupId: "echo", Criteria: &pb.Properties{
		ReplicationStyle:        pb.ReplicationStyle_REPLICATION_STYLE_STATELESS,
		MembershipStyle:         pb.MembershipStyle_MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED,
		FaultMonitoringStyle:    pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL,
		FaultMonitoringInterval: durationpb.New(200 * time.Millisecond),
		FaultMonitoringTimeout:  durationpb.New(200 * time.Millisecond),
		InitialNumberMembers:    &three, MinimumNumberMembers: &three,
	}}); err != nil {
		return fmt.Errorf("create the group: %w", err)
	}
	say("    group \"echo\": STATELESS, 3 members, health checked every 200ms (PULL)")

	// Every new view, live.
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	if w, err := groups.WatchView(wctx, &pb.WatchViewRequest{GroupId: "echo"}); err == nil {
		go func() {
			for {
				v, err := w.Recv()
				if err != nil {
					return
				}
				say("    view epoch %-2d %s  (%s)", v.Epoch, demoMembers(v), v.Reason)
			}
		}()
	}
	v, pids, err := demoServing(ctx, groups, 30*time.Second, func(*pb.View) bool { return true })
	if err != nil {
		return err
	}
	first := v.Epoch

	failures := 0
	check := func(ok bool, format string, args ...any) {
		mark := "ok  "
		if !ok {
			mark = "FAIL"
			failures++
		}
		say("    %s %s", mark, fmt.Sprintf(format, args...))
	}
	for i, fault := range []struct {
		name string
		sig  syscall.Signal
	}{{"crash: SIGKILL", syscall.SIGKILL}, {"hang: SIGSTOP (the health checks time out)", syscall.SIGSTOP}} {
		victim := v.Members[i%len(v.Members)]
		say("\n[%d] %s member %s at %s (pid %d)", i+2, fault.name, victim.MemberId, victim.Location, pids[victim.MemberId])
		start := time.Now()
		syscall.Kill(pids[victim.MemberId], fault.sig)
		nv, npids, err := demoServing(ctx, groups, 30*time.Second, func(nv *pb.View) bool {
			for _, m := range nv.Members {
				if m.MemberId == victim.MemberId {
					return false
				}
			}
			return true
		})
		if err != nil {
			return err
		}
		if fault.sig == syscall.SIGSTOP {
			syscall.Kill(pids[victim.MemberId], syscall.SIGCONT)
		}
		check(len(nv.Members) == 3, "repaired in %v: %s replaced, 3 members serve again, epoch %d -> %d",
			time.Since(start).Round(time.Millisecond), victim.MemberId, v.Epoch, nv.Epoch)
		v, pids = nv, npids
	}
	say("\n[4] check")
	_, _, err = demoServing(ctx, groups, 5*time.Second, func(*pb.View) bool { return true })
	check(err == nil, "every member of the final view answers Echo as itself, one per location")
	check(v.Epoch == first+4, "two faults, four views: epoch %d -> %d (each fault: a removal, then an addition)", first, v.Epoch)
	stopWatch()
	if failures > 0 {
		return fmt.Errorf("%d checks failed; logs kept at %s", failures, dir)
	}
	say("\nAll checks passed. The manager and agents stop now, and the agents stop their members.")
	return nil
}

func demoMembers(v *pb.View) string {
	var ms []string
	for _, m := range v.Members {
		ms = append(ms, m.MemberId+"@"+m.Location)
	}
	return fmt.Sprintf("%-33s", "["+strings.Join(ms, " ")+"]")
}

// demoServing waits for a view of three members that passes cond and where every member
// answers Echo as itself; it returns the view and the members' pids.
func demoServing(ctx context.Context, groups pb.ObjectGroupManagerClient, within time.Duration, cond func(*pb.View) bool) (*pb.View, map[string]int, error) {
	var v *pb.View
	var pids map[string]int
	err := demoPoll(ctx, within, "three members serving", func(ctx context.Context) error {
		r, err := groups.GetObjectGroupRef(ctx, &pb.GetObjectGroupRefRequest{GroupId: "echo"})
		if err != nil {
			return err
		}
		if len(r.View.Members) != 3 || !cond(r.View) {
			return fmt.Errorf("view %d has %s", r.View.Epoch, demoMembers(r.View))
		}
		pids = map[string]int{}
		for _, m := range r.View.Members {
			resp, err := demoEcho(ctx, m.Address)
			if err != nil {
				return fmt.Errorf("%s: %w", m.MemberId, err)
			}
			if resp.Member != m.MemberId {
				return fmt.Errorf("%s answered as %s", m.Address, resp.Member)
			}
			pids[m.MemberId] = int(resp.Pid)
		}
		v = r.View
		return nil
	})
	return v, pids, err
}

func demoEcho(ctx context.Context, addr string) (*echov1.EchoResponse, error) {
	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	defer cc.Close()
	return echov1.NewEchoServiceClient(cc).Echo(ctx, &echov1.EchoRequest{Message: "demo"})
}

// demoPoll retries fn every 50ms until it succeeds, ctx ends or within passes.
func demoPoll(ctx context.Context, within time.Duration, what string, fn func(context.Context) error) error {
	deadline := time.Now().Add(within)
	for {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		err := fn(cctx)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("waiting for %s: %w", what, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// newDemoEchoMemberCmd is the member the repair demo's agents run: the echo example.
func newDemoEchoMemberCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "echo-member",
		Short:              "The echo member of the demo (started by the demo's agents)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return echoapp.Run(cmd.Context(), args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
}
