// Package counterapp is the seeds' checkpointing counter made a replicated gRPC service
// (warden.counter.v1.Counter): the state is one int64, Increment changes it, Get reads it.
// It implements replica.Checkpointable (the whole state: 8 bytes) and replica.Updateable (the
// update of one Increment: the value it produced, so a backup sets the value rather than adding
// again: applying an update twice is harmless).
//
// Run is the member's main: as a member of a WARM_PASSIVE group under a warden agent (the
// agent's WARDEN_ environment, the managers from --managers or WARDEN_MANAGERS), or with
// --unreplicated as the plain service, for benchmarks against the replicated one.
package counterapp

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	"github.com/wardenft/warden/replica"
)

// IncrementMethod is the state-changing method (replica.ServerConfig.StateChanging).
const IncrementMethod = "/warden.counter.v1.Counter/Increment"

// Counter is the application. Its handlers are called by the replica Server under its
// execution lock (Increment exclusively, Get shared); the mutex only makes the unreplicated
// mode and GetUpdate's read of the last update safe on their own.
type Counter struct {
	counterv1.UnimplementedCounterServer
	Member string

	mu      sync.Mutex
	value   int64
	updated bool // Increment ran since the last GetUpdate
}

// Increment adds by and returns the new value.
func (c *Counter) Increment(_ context.Context, r *counterv1.IncrementRequest) (*counterv1.IncrementResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.value += r.GetBy()
	c.updated = true
	return &counterv1.IncrementResponse{Value: c.value, Member: c.Member}, nil
}

// Get returns the value.
func (c *Counter) Get(context.Context, *counterv1.GetRequest) (*counterv1.GetResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return &counterv1.GetResponse{Value: c.value, Member: c.Member, Pid: int64(os.Getpid())}, nil
}

// Value returns the value (for tests).
func (c *Counter) Value() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.value
}

// GetState returns the value as 8 big-endian bytes.
func (c *Counter) GetState() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return binary.BigEndian.AppendUint64(nil, uint64(c.value)), nil
}

// SetState restores a value GetState returned.
func (c *Counter) SetState(b []byte) error {
	if len(b) != 8 {
		return fmt.Errorf("%w: counter state of %d bytes, want 8", replica.ErrInvalidState, len(b))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.value = int64(binary.BigEndian.Uint64(b))
	return nil
}

// GetUpdate returns the value the last Increment produced (the update is the new state).
func (c *Counter) GetUpdate() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.updated {
		return nil, replica.ErrNoUpdateAvailable
	}
	c.updated = false
	return binary.BigEndian.AppendUint64(nil, uint64(c.value)), nil
}

// SetUpdate applies an update: the value after the primary's Increment.
func (c *Counter) SetUpdate(b []byte) error {
	if len(b) != 8 {
		return fmt.Errorf("%w: counter update of %d bytes, want 8", replica.ErrInvalidUpdate, len(b))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.value = int64(binary.BigEndian.Uint64(b))
	return nil
}

// UsageError is a bad command line.
type UsageError struct{ error }

func (u UsageError) Unwrap() error { return u.error }

// Options are Run's settings once parsed.
type Options struct {
	Listen       string
	Member       string
	Group        string
	Managers     []string
	Unreplicated bool
	// LogAndReplay: the app is given to the replica SDK as Checkpointable only, so backups
	// replay the Increment requests instead of applying updates (the counter is
	// deterministic). For tests of that path.
	LogAndReplay bool
	// CheckpointInterval; 0: the replica default.
	CheckpointInterval time.Duration
	// BackupProcs: replica.ServerConfig.BackupProcs, the GOMAXPROCS of the process while the
	// member is not the primary; 0 leaves GOMAXPROCS alone. The command's default is 1:
	// each counter process hosts one member.
	BackupProcs int
	Logger      *slog.Logger
	// Ready, if set, is called with the member once it serves (tests).
	Ready func(*Member)
}

// Member is a running counter member.
type Member struct {
	Addr    string
	Counter *Counter
	Replica *replica.Server // nil when unreplicated
	GRPC    *grpc.Server
}

// Run parses args (flags, defaults from the agent's WARDEN_ environment) and serves until
// ctx ends.
func Run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("counter", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defListen := "127.0.0.1:0"
	if p := os.Getenv("WARDEN_PORT"); p != "" {
		defListen = "127.0.0.1:" + p
	}
	var o Options
	fs.StringVar(&o.Listen, "listen", defListen, "address to serve on (default 127.0.0.1:$WARDEN_PORT when set)")
	fs.StringVar(&o.Member, "member", os.Getenv("WARDEN_MEMBER"), "member id (default $WARDEN_MEMBER)")
	fs.StringVar(&o.Group, "group", os.Getenv("WARDEN_GROUP"), "object group (default $WARDEN_GROUP)")
	managers := fs.String("managers", os.Getenv("WARDEN_MANAGERS"), "comma-separated manager addresses (default $WARDEN_MANAGERS)")
	fs.BoolVar(&o.Unreplicated, "unreplicated", false, "serve the plain counter, without replication (benchmarks)")
	fs.BoolVar(&o.LogAndReplay, "log-and-replay", false, "replicate the requests (backups replay them) instead of the updates")
	fs.DurationVar(&o.CheckpointInterval, "checkpoint-interval", 0, "checkpoint interval (default: the replica default)")
	fs.IntVar(&o.BackupProcs, "backup-procs", 1, "GOMAXPROCS while this member is not the primary, given back when it is promoted (replica.ServerConfig.BackupProcs); 0 leaves GOMAXPROCS alone")
	verbose := fs.Bool("v", false, "log to stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return UsageError{err}
	}
	for _, m := range strings.Split(*managers, ",") {
		if m = strings.TrimSpace(m); m != "" {
			o.Managers = append(o.Managers, m)
		}
	}
	if !o.Unreplicated && (o.Member == "" || o.Group == "" || len(o.Managers) == 0) {
		return UsageError{errors.New("a replicated member needs --member, --group and --managers (or WARDEN_MEMBER, WARDEN_GROUP, WARDEN_MANAGERS)")}
	}
	o.Logger = slog.New(slog.DiscardHandler)
	if *verbose {
		o.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	return Serve(ctx, o)
}

// Serve runs a member with o until ctx ends (or the replica server stops: fail-stop).
func Serve(ctx context.Context, o Options) error {
	lis, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return err
	}
	c := &Counter{Member: o.Member}
	m := &Member{Addr: lis.Addr().String(), Counter: c}
	if o.Unreplicated {
		m.GRPC = grpc.NewServer()
		counterv1.RegisterCounterServer(m.GRPC, c)
		hs := health.NewServer()
		healthpb.RegisterHealthServer(m.GRPC, hs)
		go m.GRPC.Serve(lis)
		if o.Ready != nil {
			o.Ready(m)
		}
		<-ctx.Done()
		hs.Shutdown()
		m.GRPC.GracefulStop()
		return nil
	}
	cfg := replica.DefaultServerConfig(o.Group, o.Member)
	cfg.Managers, cfg.App, cfg.StateChanging, cfg.Logger = o.Managers, c, []string{IncrementMethod}, o.Logger
	if o.LogAndReplay {
		cfg.App = checkpointOnly{c}
	}
	if o.CheckpointInterval > 0 {
		cfg.Replica.CheckpointInterval = o.CheckpointInterval
	}
	cfg.BackupProcs = o.BackupProcs
	rs, err := replica.NewServer(cfg)
	if err != nil {
		lis.Close()
		return err
	}
	m.Replica = rs
	m.GRPC = grpc.NewServer(rs.ServerOptions()...)
	rs.RegisterService(m.GRPC, &counterv1.Counter_ServiceDesc, c)
	rs.Register(m.GRPC)
	go m.GRPC.Serve(lis)
	if o.Ready != nil {
		o.Ready(m)
	}
	err = rs.Run(ctx)
	m.GRPC.Stop()
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// checkpointOnly hides the counter's Updateable methods from the replica SDK.
type checkpointOnly struct{ c *Counter }

func (x checkpointOnly) GetState() ([]byte, error) { return x.c.GetState() }
func (x checkpointOnly) SetState(b []byte) error   { return x.c.SetState(b) }
