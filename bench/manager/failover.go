package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/wardenft/warden/bench/internal/loopback"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/manager"
)

// buildWarden builds the warden binary from the root module (the one bench/go.mod replaces
// github.com/wardenft/warden with) into dir.
func buildWarden(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", "github.com/wardenft/warden").Output()
	if err != nil {
		return "", fmt.Errorf("finding the root module: %w", err)
	}
	root := strings.TrimSpace(string(out))
	bin := filepath.Join(dir, "warden")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/warden")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/warden in %s: %v\n%s", root, err, b)
	}
	return bin, nil
}

// probeLocation is a location the harness registers in each cluster so that it can ask who
// leads: Reconcile is taken only by the leader, and a follower answers NOT_LEADER naming it.
// It never heartbeats, so the first leader judges it down after its grace (AgentGrace) and
// no later leader expects it; the harness waits for that before the first kill.
const probeLocation = "bench-leader-probe"

// mgrProc is one `warden manager` process of a cluster.
type mgrProc struct {
	id, data, api, raft string
	cmd                 *exec.Cmd
	exited              chan struct{}
	logPath             string
	conn                *grpc.ClientConn
}

// cluster is three `warden manager` processes on loopback with one profile.
type cluster struct {
	bin     string
	profile string
	dir     string
	mgrs    []*mgrProc
	probe   uint64 // the probe location's incarnation
}

func startCluster(ctx context.Context, bin, profile, dir string) (*cluster, error) {
	ports, err := loopback.FreePorts(6)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	c := &cluster{bin: bin, profile: profile, dir: dir, probe: 0x5eed}
	for i := range 3 {
		id := fmt.Sprintf("m%d", i+1)
		c.mgrs = append(c.mgrs, &mgrProc{id: id, data: filepath.Join(dir, id), api: loopback.Addr(ports[2*i]), raft: loopback.Addr(ports[2*i+1]),
			logPath: filepath.Join(dir, id+".log")})
	}
	for _, m := range c.mgrs {
		if err := c.start(ctx, m); err != nil {
			c.stop()
			return nil, err
		}
	}
	// The probe location, through any manager (a write: it waits for the first leader).
	rctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var lastErr error
	for rctx.Err() == nil {
		for _, m := range c.mgrs {
			_, lastErr = pb.NewAgentServiceClient(m.conn).Register(rctx, &pb.RegisterRequest{Location: probeLocation, AgentAddress: "127.0.0.1:1", Incarnation: c.probe})
			if lastErr == nil {
				break
			}
		}
		if lastErr == nil {
			break
		}
		sleepCtx(rctx, 50*time.Millisecond)
	}
	if lastErr != nil {
		c.stop()
		return nil, fmt.Errorf("cluster %s: register the probe location: %w%s", profile, lastErr, c.logTails())
	}
	return c, nil
}

// args are the manager's command line: the same at every start (a restarted manager finds its
// cluster from its data dir and ignores --bootstrap and --peer).
func (c *cluster) args(m *mgrProc) []string {
	a := []string{"manager", "--id", m.id, "--data", m.data, "--listen", m.api, "--raft", m.raft, "--profile", c.profile, "--bootstrap"}
	for _, p := range c.mgrs {
		a = append(a, "--peer", p.id+"="+p.raft)
	}
	return a
}

func (c *cluster) start(ctx context.Context, m *mgrProc) error {
	logf, err := os.OpenFile(m.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(c.bin, c.args(m)...)
	cmd.Stderr = logf
	dieWithParent(cmd)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	m.cmd, m.exited = cmd, make(chan struct{})
	started := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(out).ReadString('\n')
		if err == nil && !strings.Contains(line, "API on") {
			err = fmt.Errorf("said %q", line)
		}
		started <- err
		io.Copy(io.Discard, out)
		cmd.Wait()
		close(m.exited)
	}()
	select {
	case err = <-started:
	case <-time.After(30 * time.Second):
		err = errors.New("no start line within 30s")
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		signalKill(cmd)
		<-m.exited
		return fmt.Errorf("manager %s (%s): %w%s", m.id, c.profile, err, tail(m.logPath))
	}
	// A new connection: one that saw the old process die would wait out gRPC's reconnect
	// back-off before reaching the new one.
	if m.conn != nil {
		m.conn.Close()
	}
	m.conn, err = grpc.NewClient(m.api, grpc.WithTransportCredentials(insecure.NewCredentials()))
	return err
}

func (c *cluster) kill(m *mgrProc) {
	signalKill(m.cmd)
	<-m.exited
}

func (c *cluster) stop() {
	for _, m := range c.mgrs {
		if m.cmd != nil {
			select {
			case <-m.exited:
			default:
				c.kill(m)
			}
		}
		if m.conn != nil {
			m.conn.Close()
		}
	}
}

func (c *cluster) logTails() string {
	var b strings.Builder
	for _, m := range c.mgrs {
		b.WriteString(tail(m.logPath))
	}
	return b.String()
}

// tail returns the end of a log file for an error message.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return ""
	}
	if len(b) > 1500 {
		b = b[len(b)-1500:]
	}
	return fmt.Sprintf("\n--- %s (end) ---\n%s", filepath.Base(path), b)
}

// leaderAnswer is one manager's answer to the probe: it leads, or it names the leader's API
// address ("" when it knows none), or it could not answer.
type leaderAnswer struct {
	leads  bool
	leader string
	err    error
}

func (c *cluster) askLeader(ctx context.Context, m *mgrProc, timeout time.Duration) leaderAnswer {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_, err := pb.NewAgentServiceClient(m.conn).Reconcile(ctx, &pb.ReconcileRequest{Location: probeLocation, Incarnation: c.probe})
	if err == nil {
		return leaderAnswer{leads: true}
	}
	st, _ := status.FromError(err)
	if st.Code() == codes.Unavailable {
		for _, d := range st.Details() {
			if info, ok := d.(*errdetails.ErrorInfo); ok && info.Domain == manager.ErrorDomain && info.Reason == "NOT_LEADER" {
				return leaderAnswer{leader: info.Metadata["leader"]}
			}
		}
	}
	return leaderAnswer{err: err}
}

// waitStable waits until one manager leads and the other two name it, then writes through
// each follower (forwarded to the leader and applied there before it answers: the follower
// is caught up). It returns the leader.
func (c *cluster) waitStable(ctx context.Context, timeout time.Duration) (*mgrProc, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last string
	for {
		var leader *mgrProc
		named := map[string]int{}
		for _, m := range c.mgrs {
			a := c.askLeader(ctx, m, time.Second)
			switch {
			case a.err != nil:
				last = fmt.Sprintf("%s: %v", m.id, a.err)
			case a.leads:
				leader = m
			default:
				named[a.leader]++
			}
		}
		if leader != nil && named[leader.api] == len(c.mgrs)-1 {
			ok := true
			for _, m := range c.mgrs {
				if m != leader {
					if err := write(ctx, m, 0); err != nil {
						ok, last = false, fmt.Sprintf("write through %s: %v", m.id, err)
					}
				}
			}
			if ok {
				return leader, nil
			}
		} else if leader == nil && last == "" {
			last = "no manager leads"
		}
		if !sleepCtx(ctx, 50*time.Millisecond) {
			return nil, fmt.Errorf("cluster %s: no stable leader within %v (last: %s)%s", c.profile, timeout, last, c.logTails())
		}
	}
}

// silenceProbe makes the leader judge the probe location down before the runs: the probe
// heartbeats to the leader a few times and falls silent. A leader judges only locations it
// has heard from or that were UP when it took over, so a probe that never heartbeat would be
// judged (a host fault, two Raft writes) by the leader after the first kill, mid-run.
func (c *cluster) silenceProbe(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var err error
	for ctx.Err() == nil {
		if err = c.heartbeatProbe(ctx); err == nil {
			break
		}
		sleepCtx(ctx, 100*time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("cluster %s: heartbeat the probe location: %w", c.profile, err)
	}
	for {
		for _, m := range c.mgrs {
			rctx, rcancel := context.WithTimeout(ctx, time.Second)
			r, err := pb.NewObjectGroupManagerClient(m.conn).ListLocations(rctx, &pb.ListLocationsRequest{})
			rcancel()
			if err != nil {
				continue
			}
			for _, l := range r.Locations {
				if l.Name == probeLocation && l.State == pb.LocationState_LOCATION_STATE_DOWN {
					return nil
				}
			}
		}
		if !sleepCtx(ctx, 100*time.Millisecond) {
			return fmt.Errorf("cluster %s: the probe location was not judged down within %v%s", c.profile, timeout, c.logTails())
		}
	}
}

func (c *cluster) heartbeatProbe(ctx context.Context) error {
	var leader *mgrProc
	for _, m := range c.mgrs {
		if c.askLeader(ctx, m, time.Second).leads {
			leader = m
		}
	}
	if leader == nil {
		return errors.New("no leader")
	}
	cli := pb.NewAgentServiceClient(leader.conn)
	reg, err := cli.Register(ctx, &pb.RegisterRequest{Location: probeLocation, AgentAddress: "127.0.0.1:1", Incarnation: c.probe})
	if err != nil {
		return err
	}
	hctx, hcancel := context.WithCancel(ctx)
	defer hcancel()
	stream, err := cli.Heartbeat(hctx)
	if err != nil {
		return err
	}
	for seq := uint64(1); seq <= 3; seq++ {
		if err := stream.Send(&pb.HeartbeatRequest{Location: probeLocation, Incarnation: c.probe, Seq: seq, SentAt: timestamppb.Now()}); err != nil {
			return err
		}
		if _, err := stream.Recv(); err != nil {
			return err
		}
		sleepCtx(ctx, reg.GetHeartbeatInterval().AsDuration())
	}
	return stream.CloseSend()
}

// write is the measured write: SetDefaultProperties (a Raft entry) through manager m.
func write(ctx context.Context, m *mgrProc, n int) error {
	_, err := pb.NewPropertyManagerClient(m.conn).SetDefaultProperties(ctx, &pb.SetDefaultPropertiesRequest{
		Properties: &pb.Properties{CheckpointInterval: durationpb.New(time.Duration(10+n%50) * time.Second)}})
	return err
}

// failoverRun is one kill of a leader. Durations are nanoseconds in JSON.
type failoverRun struct {
	Profile string        `json:"profile"`
	Killed  string        `json:"killed"`
	Write   time.Duration `json:"write_ns"`  // SIGKILL -> a write accepted through a surviving manager
	Leader  time.Duration `json:"leader_ns"` // SIGKILL -> a surviving manager answers as leader (its control loop runs)
	NewLead string        `json:"new_leader"`
}

// killLeader SIGKILLs the leader and times the first write accepted after it, tried through
// every surviving manager at once (each attempt waits inside the manager until it knows a
// new leader, so no client-side polling interval is added), and the first probe answered
// by a new leader (polled every 5ms). Then it restarts the killed manager.
func (c *cluster) killLeader(ctx context.Context, leader *mgrProc, n int, timeout time.Duration) (failoverRun, error) {
	run := failoverRun{Profile: c.profile, Killed: leader.id}
	var survivors []*mgrProc
	for _, m := range c.mgrs {
		if m != leader {
			survivors = append(survivors, m)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		at time.Time
		by *mgrProc
	}
	wrote, led := make(chan result, len(survivors)), make(chan result, 1)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, m := range survivors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for ctx.Err() == nil {
				actx, acancel := context.WithTimeout(ctx, 5*time.Second)
				err := write(actx, m, n)
				acancel()
				if err == nil {
					wrote <- result{time.Now(), m}
					return
				}
				sleepCtx(ctx, 10*time.Millisecond)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-start
		for ctx.Err() == nil {
			for _, m := range survivors {
				if a := c.askLeader(ctx, m, 200*time.Millisecond); a.leads {
					led <- result{time.Now(), m}
					return
				}
			}
			sleepCtx(ctx, 5*time.Millisecond)
		}
	}()

	kill := time.Now()
	signalKill(leader.cmd)
	close(start)
	var err error
	select {
	case w := <-wrote:
		run.Write = w.at.Sub(kill)
	case <-ctx.Done():
		err = fmt.Errorf("cluster %s: no write accepted within %v of killing %s%s", c.profile, timeout, leader.id, c.logTails())
	}
	if err == nil {
		select {
		case l := <-led:
			run.Leader, run.NewLead = l.at.Sub(kill), l.by.id
		case <-ctx.Done():
			err = fmt.Errorf("cluster %s: no surviving manager answered as leader within %v", c.profile, timeout)
		}
	}
	cancel()
	wg.Wait()
	<-leader.exited
	if err != nil {
		return run, err
	}
	return run, c.start(context.Background(), leader)
}
