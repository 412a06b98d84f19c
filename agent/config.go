package agent

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/internal/names"
)

// ErrInvalidConfig is wrapped by every error Config.Validate returns.
var ErrInvalidConfig = errors.New("agent: invalid config")

// Config configures an Agent. Start from DefaultConfig and set Location and DataDir.
type Config struct {
	// Location names this host (the FT-CORBA location): 1 to 128 bytes of letters, digits,
	// '-', '_', '.', ':'. Required.
	Location string
	// Managers are the gRPC API addresses of the managers. Any one answers: the agent talks to
	// one at a time, moves to the next when a call or the heartbeat stream fails, and follows
	// a NOT_LEADER answer to the leader it names. At least one.
	Managers []string
	// ListenAddr is the agent's own gRPC address (grpc.health.v1); it is registered as the
	// location's agent_address. Port 0 picks one.
	ListenAddr string
	// AdvertiseHost is the host in the addresses members are reported at (host:{{port}}).
	// Members must listen on {{port}} on an interface that reaches it.
	AdvertiseHost string
	// DataDir holds the agent's state file (agent-state.json), the members' data directories
	// (members/<group>/<member>, the {{data_dir}} placeholder) and their output
	// (logs/<group>/<member>.log; the newest 20 forgotten members' in removed-logs/). Required;
	// created if missing.
	DataDir string
	// HeartbeatListen is the UDP address where members monitored with
	// FAULT_MONITORING_STYLE_PUSH send their heartbeats (WARDEN_HEARTBEAT_ADDR). Port 0 picks
	// one. Empty turns push monitoring off: PUSH members are then watched by process exit only.
	HeartbeatListen string
	// Labels are free key/values registered with the location (rack, zone).
	Labels map[string]string
	// Domain is the FT domain put in the fault events the agent reports.
	Domain string

	// StartTimeout bounds how long a member may stay STARTING (no good health check, no
	// heartbeat, no TCP connect yet): past it the member is judged crashed and killed.
	StartTimeout time.Duration
	// PullCrashAfter is how many consecutive failed health checks of a PULL member make a
	// crash (the member is then killed); fewer are reported as an OmissionFault.
	PullCrashAfter int
	// RPCTimeout bounds every unary call to a manager.
	RPCTimeout time.Duration
	// ReconnectMin and ReconnectMax bound the exponential backoff between attempts to reach a
	// manager (and between retries of a fault report or a reconciliation).
	ReconnectMin, ReconnectMax time.Duration
	// ResyncInterval: the agent reconciles at least this often even when nothing changed.
	ResyncInterval time.Duration
	// FaultQueueLength bounds the fault events waiting to be acknowledged by a manager; when
	// it is full the oldest is dropped (and counted in Stats).
	FaultQueueLength int
	// Incarnation identifies this run of the agent: a registration with a new incarnation
	// tells the managers the agent restarted. 0: a random non-zero 64-bit value (the right
	// choice outside tests).
	Incarnation uint64

	// Events, if set, receives what the agent does (registrations, member state changes,
	// fault reports), without blocking: events that do not fit are dropped and counted.
	Events chan<- Event
	// Clock is where the agent reads time and arms timers. Nil: detect.SystemClock().
	Clock detect.Clock
	// Logger receives the agent's log. Nil: discarded.
	Logger *slog.Logger
}

// DefaultConfig returns the settings `warden agent` starts from: managers at 127.0.0.1:7400,
// the agent's gRPC on 127.0.0.1:7600, member heartbeats on udp 127.0.0.1:7951, members
// reported at 127.0.0.1. Location and DataDir must be filled in.
func DefaultConfig() Config {
	return Config{
		Managers:         []string{"127.0.0.1:7400"},
		ListenAddr:       "127.0.0.1:7600",
		AdvertiseHost:    "127.0.0.1",
		HeartbeatListen:  "127.0.0.1:7951",
		Domain:           "default",
		StartTimeout:     30 * time.Second,
		PullCrashAfter:   3,
		RPCTimeout:       5 * time.Second,
		ReconnectMin:     100 * time.Millisecond,
		ReconnectMax:     5 * time.Second,
		ResyncInterval:   30 * time.Second,
		FaultQueueLength: 4096,
	}
}

// A ConfigError is one bad field of a Config. It wraps ErrInvalidConfig.
type ConfigError struct {
	Field  string // e.g. "Managers[1]"
	Value  string // the bad value, quoted where it is a string
	Reason string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("%v: %s = %s: %s", ErrInvalidConfig, e.Field, e.Value, e.Reason)
}

func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }

// Validate reports every bad field with its value: the errors, joined, are *ConfigError.
func (c Config) Validate() error {
	var errs []error
	bad := func(field string, value any, reason string) {
		errs = append(errs, &ConfigError{Field: field, Value: fmt.Sprint(value), Reason: reason})
	}
	if err := names.Valid(c.Location); err != nil {
		bad("Location", fmt.Sprintf("%q", c.Location), err.Error())
	}
	if len(c.Managers) == 0 {
		bad("Managers", c.Managers, "need at least one manager address")
	}
	for i, m := range c.Managers {
		if _, _, err := net.SplitHostPort(m); err != nil {
			bad(fmt.Sprintf("Managers[%d]", i), fmt.Sprintf("%q", m), "want host:port")
		}
	}
	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		bad("ListenAddr", fmt.Sprintf("%q", c.ListenAddr), "want host:port")
	}
	if c.AdvertiseHost == "" || strings.ContainsAny(c.AdvertiseHost, " /") {
		bad("AdvertiseHost", fmt.Sprintf("%q", c.AdvertiseHost), "want a host name or IP address")
	}
	if c.DataDir == "" {
		bad("DataDir", `""`, "need a directory for the state file and the members' data")
	}
	if c.HeartbeatListen != "" {
		if _, _, err := net.SplitHostPort(c.HeartbeatListen); err != nil {
			bad("HeartbeatListen", fmt.Sprintf("%q", c.HeartbeatListen), `want host:port, or "" for no push monitoring`)
		}
	}
	for k := range c.Labels {
		if k == "" {
			bad("Labels", c.Labels, "empty key")
		}
	}
	if c.StartTimeout <= 0 {
		bad("StartTimeout", c.StartTimeout, "must be positive")
	}
	if c.PullCrashAfter < 1 {
		bad("PullCrashAfter", c.PullCrashAfter, "must be at least 1")
	}
	if c.RPCTimeout <= 0 {
		bad("RPCTimeout", c.RPCTimeout, "must be positive")
	}
	if c.ReconnectMin <= 0 || c.ReconnectMax < c.ReconnectMin {
		bad("ReconnectMin, ReconnectMax", fmt.Sprintf("%v, %v", c.ReconnectMin, c.ReconnectMax), "want 0 < ReconnectMin <= ReconnectMax")
	}
	if c.ResyncInterval <= 0 {
		bad("ResyncInterval", c.ResyncInterval, "must be positive")
	}
	if c.FaultQueueLength < 1 {
		bad("FaultQueueLength", c.FaultQueueLength, "must be at least 1")
	}
	return errors.Join(errs...)
}
