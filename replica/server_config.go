package replica

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"time"

	"google.golang.org/grpc"
)

// ServerConfig configures a Server: the driver that makes a user's gRPC server a member of a
// passive group. Start from DefaultServerConfig.
type ServerConfig struct {
	// Replica configures the protocol core (member id, group, timeouts, CheckpointInterval).
	Replica Config
	// Managers are the gRPC addresses of the managers (any of them: views come from any,
	// leases from the leader, which the others name in NOT_LEADER errors).
	Managers []string
	// App is the application's state. If it also implements Updateable, backups apply the
	// primary's updates; otherwise they replay the requests (the app must be deterministic).
	App Checkpointable
	// StateChanging are the full gRPC method names ("/pkg.Service/Method") that change the
	// state: they are executed at the primary and replicated. Every other method of a service
	// registered with Server.RegisterService is a read.
	StateChanging []string
	// TickInterval: how often the core's Tick runs (at most RetransmitInterval/2).
	TickInterval time.Duration
	// LeaseRenewInterval: how often the primary renews its lease; well below the manager's
	// PrimaryLease (a third of it or less).
	LeaseRenewInterval time.Duration
	// RPCTimeout bounds each call to a manager and each dial to a peer.
	RPCTimeout time.Duration
	// ChunkSize bounds the state bytes of one checkpoint chunk on the wire.
	ChunkSize int
	// PeerQueue bounds the messages waiting for one peer's stream; beyond it they are dropped
	// (the core retransmits).
	PeerQueue int
	// DialOptions are used for managers and peers (default: insecure transport).
	DialOptions []grpc.DialOption
	// Logger; nil: discard.
	Logger *slog.Logger
	// StreamWorkers is the number of goroutines ServerOptions has the gRPC server keep for
	// serving streams (grpc.NumStreamWorkers; gRPC marks it experimental). A call served by
	// one of them runs on a stack that has grown already, where a fresh goroutine per call
	// (gRPC's default) copies its stack as it grows, about a tenth of a busy primary's CPU.
	// A primary's calls wait for the backups' acks, so many are in flight at once: the
	// default is 16 per CPU (GOMAXPROCS when DefaultServerConfig runs); calls beyond them
	// get a goroutine each, as without workers. Zero: no workers.
	StreamWorkers int
	// BackupProcs, above zero, is the GOMAXPROCS the process runs with while this member is
	// not the primary (a backup, or joining): a backup's work (applying the primary's
	// updates, acknowledging them) needs little CPU, and on a host shared with other members
	// fewer threads for the Go scheduler to wake leave more of it to them. On the 2-core
	// benchmark machine, three members of a WARM_PASSIVE group with backups at 1 instead of
	// 2 served 9% more calls (bench/passive -mode overhead). Promoted, the member gives the
	// process back the GOMAXPROCS it had when Run started; Run does too when it returns.
	// GOMAXPROCS is process-wide: set this only in a process that hosts this one member, and
	// note that setting GOMAXPROCS ends the runtime's own updates of it to the CPU limit.
	// Zero (the default): GOMAXPROCS is left alone.
	BackupProcs int
	// RestoreDir, when set, is the directory of the log holder this member takes over from
	// (COLD_PASSIVE: the manager promoted it, and its agent fenced the holder with the new
	// epoch before starting it). NewServer restores the holder's checkpoint and replays its
	// log (Replica.Restore) before the member handles any view or call.
	RestoreDir string

	envErr error // a bad WARDEN_ variable DefaultServerConfig read, reported by Validate
}

// Environment variables DefaultServerConfig reads: a warden agent sets them for the members
// it starts (see package agent).
const (
	// EnvCheckpointInterval: the group's CheckpointInterval property, as a Go duration
	// ("10s"): Replica.CheckpointInterval.
	EnvCheckpointInterval = "WARDEN_CHECKPOINT_INTERVAL"
	// EnvRestoreDir: the log holder's directory a promoted COLD_PASSIVE member restores from:
	// RestoreDir.
	EnvRestoreDir = "WARDEN_RESTORE_DIR"
)

// DefaultServerConfig returns the defaults for member id of group: the core's DefaultConfig,
// ticks every 20ms, lease renewals every 150ms (the local profile's lease is 1s, the LAN's 2s),
// 2s per manager call, 1 MiB chunks, 16 stream workers per CPU; then what the member's agent
// says in the environment: WARDEN_CHECKPOINT_INTERVAL (the group's CheckpointInterval) and
// WARDEN_RESTORE_DIR (a promoted COLD_PASSIVE member's holder). A malformed value is
// reported by Validate.
func DefaultServerConfig(group, id string) ServerConfig {
	c := ServerConfig{
		Replica:            DefaultConfig(group, id),
		TickInterval:       20 * time.Millisecond,
		LeaseRenewInterval: 150 * time.Millisecond,
		RPCTimeout:         2 * time.Second,
		ChunkSize:          1 << 20,
		PeerQueue:          1024,
		StreamWorkers:      16 * runtime.GOMAXPROCS(0),
	}
	if v := os.Getenv(EnvCheckpointInterval); v != "" {
		d, err := time.ParseDuration(v)
		if err == nil && d <= 0 {
			err = errors.New("must be positive")
		}
		if err != nil {
			c.envErr = fmt.Errorf("%s=%q: %w", EnvCheckpointInterval, v, err)
		} else {
			c.Replica.CheckpointInterval = d
		}
	}
	c.RestoreDir = os.Getenv(EnvRestoreDir)
	return c
}

// Validate reports every invalid field, quoting its value.
func (c ServerConfig) Validate() error {
	var errs []error
	if c.envErr != nil {
		errs = append(errs, c.envErr)
	}
	if err := c.Replica.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Replica.GroupID == "" {
		errs = append(errs, errors.New("Replica.GroupID: must be set"))
	}
	if len(c.Managers) == 0 {
		errs = append(errs, errors.New("Managers: at least one manager address is required"))
	}
	if c.App == nil {
		errs = append(errs, errors.New("App: must be set"))
	}
	if c.TickInterval <= 0 || (c.Replica.RetransmitInterval > 0 && c.TickInterval > c.Replica.RetransmitInterval) {
		errs = append(errs, fmt.Errorf("TickInterval: %v must be positive and at most RetransmitInterval %v", c.TickInterval, c.Replica.RetransmitInterval))
	}
	if c.LeaseRenewInterval <= 0 {
		errs = append(errs, fmt.Errorf("LeaseRenewInterval: %v must be positive", c.LeaseRenewInterval))
	}
	if c.RPCTimeout <= 0 {
		errs = append(errs, fmt.Errorf("RPCTimeout: %v must be positive", c.RPCTimeout))
	}
	if c.StreamWorkers < 0 {
		errs = append(errs, fmt.Errorf("StreamWorkers: %d must not be negative (0: a goroutine per stream)", c.StreamWorkers))
	}
	if c.BackupProcs < 0 {
		errs = append(errs, fmt.Errorf("BackupProcs: %d must not be negative (0 leaves GOMAXPROCS alone)", c.BackupProcs))
	}
	if c.PeerQueue < 1 {
		errs = append(errs, fmt.Errorf("PeerQueue: %d must be at least 1", c.PeerQueue))
	}
	if len(errs) > 0 {
		return fmt.Errorf("replica: invalid server config: %w", errors.Join(errs...))
	}
	return nil
}
