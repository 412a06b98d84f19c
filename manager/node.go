package manager

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/internal/fsutil"
	"github.com/wardenft/warden/notify"
	"github.com/wardenft/warden/recovery"
)

// ErrNotLeader: a write reached a manager that is not the Raft leader and could not forward
// it (no leader known, or the leader unreachable). The error is a *NotLeaderError.
var ErrNotLeader = errors.New("not the leader")

// ErrOutcomeUnknown: the leader lost its leadership (or stopped) while a write was in flight,
// and the write may still be committed by the next leader; or a follower forwarded a write
// that the leader applied, and the call ended before the follower applied it too. Read before
// writing again.
var ErrOutcomeUnknown = errors.New("write outcome unknown")

// A NotLeaderError says where the leader is, when known.
type NotLeaderError struct {
	// Leader is the leader's gRPC API address; empty when unknown.
	Leader string
	// Cause is what went wrong, e.g. the forwarding call's error.
	Cause error
}

func (e *NotLeaderError) Error() string {
	s := "not the leader"
	if e.Leader != "" {
		s += " (leader at " + e.Leader + ")"
	} else {
		s += " (no leader known)"
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns ErrNotLeader.
func (e *NotLeaderError) Unwrap() error { return ErrNotLeader }

// A Peer is one voter of a cluster formed with NodeConfig.Peers.
type Peer struct {
	// ID is the manager's Raft server id (its --id).
	ID string
	// RaftAddr is its Raft transport address, host:port.
	RaftAddr string
}

// NodeConfig configures a Node. Durations carry their unit in their type.
type NodeConfig struct {
	// ID is this manager's Raft server id, stable across restarts. Empty: the id stored in
	// DataDir, or on a fresh DataDir a new random one ("mgr-" and 8 hex digits). A stored id
	// that differs from a given one is an error: a data dir belongs to one manager.
	ID string
	// DataDir holds the Raft log and stable store (raft/log, a recovery store), the snapshots
	// (raft/snapshots) and the id file.
	DataDir string
	// RaftAddr is the host:port the Raft transport binds and advertises (port 0 picks one;
	// the address must be one that other managers can dial, not 0.0.0.0).
	RaftAddr string
	// APIAddr is this manager's gRPC address as other managers dial it: followers forward
	// writes to the leader's. Required.
	APIAddr string
	// Bootstrap forms a new cluster when DataDir holds no Raft state yet: of Peers, or of this
	// manager alone when Peers is empty (the embedded default). Ignored once there is state.
	// Without it a fresh manager waits to be added by a leader (see Node.Join).
	Bootstrap bool
	// Peers are the voters of a new cluster, this manager among them (same list on every one).
	Peers []Peer
	// Logger receives the node's and hashicorp/raft's warnings and errors (raft's info lines
	// only at debug level). Nil: discarded.
	Logger *slog.Logger
	// HeartbeatTimeout, ElectionTimeout, LeaderLeaseTimeout, CommitTimeout tune Raft; zero
	// keeps hashicorp/raft's defaults (1s, 1s, 500ms, 50ms). LocalProfile sets values for
	// managers on one host.
	HeartbeatTimeout, ElectionTimeout, LeaderLeaseTimeout, CommitTimeout time.Duration
	// ApplyTimeout bounds one write (proposal to applied, or a forwarded write). 0: 10s.
	ApplyTimeout time.Duration
	// Clock is the leader's clock for Command.At. Nil: time.Now.
	Clock func() time.Time
	// DialOptions for the connections to other managers (forwarding). Nil: plaintext.
	DialOptions []grpc.DialOption
	// Control tunes the leader's control loop (heartbeat judging, repair). Zero:
	// DefaultControlConfig; LocalProfile sets LocalControlConfig.
	Control ControlConfig
	// Notifier configures the hosted FaultNotifier (its History is the replicated one and
	// is always set by the node). Zero: notify.DefaultConfig with the node's logger.
	Notifier notify.Config
}

// LocalProfile returns c with Raft timeouts for managers on one host or a quiet LAN: a lost
// leader is replaced within about a second instead of a few. The leader lease is as long as
// the heartbeat timeout: a shorter one made a leader on a loaded 2-core host step down
// whenever a follower was 150ms late, and leadership flapped.
func LocalProfile(c NodeConfig) NodeConfig {
	c.HeartbeatTimeout = 500 * time.Millisecond
	c.ElectionTimeout = 500 * time.Millisecond
	c.LeaderLeaseTimeout = 500 * time.Millisecond
	c.CommitTimeout = 20 * time.Millisecond
	c.Control = LocalControlConfig()
	return c
}

// Validate reports every bad field with its value.
func (c NodeConfig) Validate() error {
	var errs []error
	if c.DataDir == "" {
		errs = append(errs, errors.New("DataDir is empty"))
	}
	if c.RaftAddr == "" {
		errs = append(errs, errors.New("RaftAddr is empty"))
	}
	if c.APIAddr == "" {
		errs = append(errs, errors.New("APIAddr is empty"))
	}
	if len(c.Peers) > 0 {
		if !c.Bootstrap {
			errs = append(errs, fmt.Errorf("Peers %v given without Bootstrap", c.Peers))
		}
		if c.ID == "" {
			errs = append(errs, errors.New("Peers given without ID: the list must name this manager"))
		}
		self := false
		seen := map[string]bool{}
		for _, p := range c.Peers {
			if p.ID == "" || p.RaftAddr == "" {
				errs = append(errs, fmt.Errorf("peer %q=%q: want an id and a Raft address", p.ID, p.RaftAddr))
			}
			if seen[p.ID] {
				errs = append(errs, fmt.Errorf("peer id %q listed twice", p.ID))
			}
			seen[p.ID] = true
			self = self || p.ID == c.ID
		}
		if c.ID != "" && !self {
			errs = append(errs, fmt.Errorf("Peers %v do not include this manager's ID %q", c.Peers, c.ID))
		}
	}
	if c.Control.HeartbeatInterval != 0 {
		if err := c.Control.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("Control: %w", err))
		}
	}
	for name, d := range map[string]time.Duration{"HeartbeatTimeout": c.HeartbeatTimeout, "ElectionTimeout": c.ElectionTimeout, "LeaderLeaseTimeout": c.LeaderLeaseTimeout, "CommitTimeout": c.CommitTimeout, "ApplyTimeout": c.ApplyTimeout} {
		if d < 0 {
			errs = append(errs, fmt.Errorf("%s %v is negative", name, d))
		}
	}
	return errors.Join(errs...)
}

// A Node is one manager: a Raft peer whose state machine is a State. Writes go through
// Propose (on a follower they are forwarded to the leader); reads through Read, from the local
// State. Safe for concurrent use. Call Shutdown to stop it.
type Node struct {
	cfg   NodeConfig
	id    string
	log   *slog.Logger
	clock func() time.Time

	fsm   *fsm
	raft  *raft.Raft
	trans *raft.NetworkTransport
	logs  *raftStore

	fresh bool // no Raft state on disk at open

	mu    sync.Mutex
	conns map[string]*grpc.ClientConn

	ctl      *controller
	notifier *notify.Notifier

	// Committed fault events on their way to the notifier and the control loop, in commit
	// order: the FSM appends under its lock, relay() drains.
	relayMu   sync.Mutex
	relayQ    []*notify.Event
	relayWake chan struct{}
	relayDone chan struct{}

	done     chan struct{}
	loopDone chan struct{}
	stopOnce sync.Once
}

// OpenNode opens (or creates) the manager's data dir and starts its Raft peer.
func OpenNode(cfg NodeConfig) (*Node, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("manager node: %w", err)
	}
	if cfg.ApplyTimeout == 0 {
		cfg.ApplyTimeout = 10 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.DialOptions == nil {
		cfg.DialOptions = []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	}
	if cfg.Control.HeartbeatInterval == 0 {
		cfg.Control = DefaultControlConfig()
	}
	raftDir := filepath.Join(cfg.DataDir, "raft")
	if err := os.MkdirAll(raftDir, 0o700); err != nil {
		return nil, err
	}
	if old, err := os.ReadDir(filepath.Join(raftDir, "wal")); err == nil && len(old) > 0 {
		// Opening such a dir would start with an empty log and forget its term and vote.
		return nil, fmt.Errorf("manager node: %s holds a raft-wal log from an older Warden, which this one no longer reads; start the manager on a fresh data dir and join it to the cluster", filepath.Join(raftDir, "wal"))
	}
	id, err := nodeID(cfg.DataDir, cfg.ID)
	if err != nil {
		return nil, err
	}
	hlog := raftLogger(cfg.Logger)

	n := &Node{cfg: cfg, id: id, log: cfg.Logger.With("manager", id), clock: cfg.Clock, fsm: newFSM(),
		conns: map[string]*grpc.ClientConn{}, done: make(chan struct{}), loopDone: make(chan struct{}),
		relayWake: make(chan struct{}, 1), relayDone: make(chan struct{})}
	n.fsm.onFaults = n.committed
	n.ctl = newController(n, cfg.Control)
	n.fsm.onApply = n.ctl.changed
	ncfg := cfg.Notifier
	if ncfg.Clock == nil {
		ncfg = notify.DefaultConfig()
		ncfg.Logger = cfg.Logger.With("component", "notifier")
		ncfg.HistoryLimit = FaultHistoryLimit
	}
	ncfg.History = raftHistory{n}
	if n.notifier, err = notify.New(ncfg); err != nil {
		return nil, fmt.Errorf("manager node: notifier: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			n.closeStores()
		}
	}()
	ropts := recovery.DefaultOptions() // automatic checkpoints shrink the file as raft compacts
	ropts.Logger = cfg.Logger.With("component", "raft-log")
	n.logs, err = openRaftStore(filepath.Join(raftDir, "log"), ropts)
	if err != nil {
		return nil, fmt.Errorf("manager node: %w", err)
	}
	snaps, err := raft.NewFileSnapshotStoreWithLogger(raftDir, 2, hlog)
	if err != nil {
		return nil, fmt.Errorf("manager node: snapshots: %w", err)
	}
	n.trans, err = raft.NewTCPTransportWithLogger(cfg.RaftAddr, nil, 3, 10*time.Second, hlog)
	if err != nil {
		return nil, fmt.Errorf("manager node: raft transport on %s: %w", cfg.RaftAddr, err)
	}

	rc := raft.DefaultConfig()
	rc.LocalID = raft.ServerID(id)
	rc.Logger = hlog
	if cfg.HeartbeatTimeout > 0 {
		rc.HeartbeatTimeout = cfg.HeartbeatTimeout
	}
	if cfg.ElectionTimeout > 0 {
		rc.ElectionTimeout = cfg.ElectionTimeout
	}
	if cfg.LeaderLeaseTimeout > 0 {
		rc.LeaderLeaseTimeout = cfg.LeaderLeaseTimeout
	}
	if cfg.CommitTimeout > 0 {
		rc.CommitTimeout = cfg.CommitTimeout
	}
	leaderCh := make(chan bool, 16)
	rc.NotifyCh = leaderCh
	if err := raft.ValidateConfig(rc); err != nil {
		return nil, fmt.Errorf("manager node: %w", err)
	}

	existing, err := raft.HasExistingState(n.logs, n.logs, snaps)
	if err != nil {
		return nil, err
	}
	n.fresh = !existing
	if cfg.Bootstrap {
		if !existing {
			var conf raft.Configuration
			if len(cfg.Peers) == 0 {
				conf.Servers = []raft.Server{{Suffrage: raft.Voter, ID: rc.LocalID, Address: n.trans.LocalAddr()}}
			}
			for _, p := range cfg.Peers {
				addr := raft.ServerAddress(p.RaftAddr)
				if p.ID == id {
					addr = n.trans.LocalAddr()
				}
				conf.Servers = append(conf.Servers, raft.Server{Suffrage: raft.Voter, ID: raft.ServerID(p.ID), Address: addr})
			}
			if err := raft.BootstrapCluster(rc, n.logs, n.logs, snaps, n.trans, conf); err != nil {
				return nil, fmt.Errorf("manager node: bootstrap: %w", err)
			}
		}
	}
	n.raft, err = raft.NewRaft(rc, n.fsm, n.logs, n.logs, snaps, n.trans)
	if err != nil {
		return nil, fmt.Errorf("manager node: %w", err)
	}
	ok = true
	go n.leaderLoop(leaderCh)
	go n.relay()
	return n, nil
}

// nodeID returns the id stored in dir, storing want (or a new random id) on first use.
func nodeID(dir, want string) (string, error) {
	path := filepath.Join(dir, "node-id")
	b, err := os.ReadFile(path)
	if err == nil {
		stored := strings.TrimSpace(string(b))
		if want != "" && want != stored {
			return "", fmt.Errorf("manager node: data dir %s belongs to manager %q, not %q", dir, stored, want)
		}
		return stored, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	id := want
	if id == "" {
		var r [4]byte
		if _, err := rand.Read(r[:]); err != nil {
			return "", err
		}
		id = "mgr-" + hex.EncodeToString(r[:])
	}
	return id, fsutil.WriteFileAtomic(path, []byte(id+"\n"), 0o600)
}

// leaderLoop records this manager's API address in the replicated state whenever it becomes
// leader, so that followers can forward writes to it, and runs the control loop while it
// leads.
func (n *Node) leaderLoop(leaderCh <-chan bool) {
	defer close(n.loopDone)
	defer n.ctl.stop()
	for {
		select {
		case <-n.done:
			return
		case leader := <-leaderCh:
			if !leader {
				n.log.Info("manager lost leadership")
				n.ctl.stop()
				continue
			}
			n.log.Info("manager is leader", "raft", n.RaftAddr(), "api", n.cfg.APIAddr)
			if n.fsm.peer(n.id) != n.cfg.APIAddr {
				if err := n.recordPeer(n.id, n.cfg.APIAddr); err != nil {
					n.log.Warn("manager could not record its API address", "err", err)
				}
			}
			// Every entry of earlier terms is applied once a barrier of this term is: the
			// control loop then starts from the whole replicated state.
			if err := n.raft.Barrier(n.cfg.ApplyTimeout).Error(); err != nil {
				n.log.Warn("manager could not catch up as leader", "err", err)
				continue
			}
			if n.IsLeader() {
				n.ctl.start()
			}
		}
	}
}

func (n *Node) recordPeer(id, apiAddr string) error {
	f := n.raft.ApplyLog(raft.Log{Data: []byte(id + "\n" + apiAddr), Extensions: []byte(peerExtension)}, n.cfg.ApplyTimeout)
	return f.Error()
}

// ID returns the manager's Raft server id.
func (n *Node) ID() string { return n.id }

// RaftAddr returns the Raft transport's address.
func (n *Node) RaftAddr() string { return string(n.trans.LocalAddr()) }

// APIAddr returns the configured gRPC API address.
func (n *Node) APIAddr() string { return n.cfg.APIAddr }

// Fresh reports whether the data dir held no Raft state when the node opened: a manager that
// is to join a cluster calls JoinCluster only then (once a member, it finds its peers itself).
func (n *Node) Fresh() bool { return n.fresh }

// IsLeader reports whether this manager is the Raft leader now.
func (n *Node) IsLeader() bool { return n.raft.State() == raft.Leader }

// Leader returns the current leader's id and API address as this manager knows them ("" when
// unknown; the API address is known once the leader has recorded it through Raft).
func (n *Node) Leader() (id, apiAddr string) {
	_, lid := n.raft.LeaderWithID()
	if lid == "" {
		return "", ""
	}
	return string(lid), n.fsm.peer(string(lid))
}

// Servers returns the Raft configuration's servers.
func (n *Node) Servers() ([]raft.Server, error) {
	f := n.raft.GetConfiguration()
	if err := f.Error(); err != nil {
		return nil, err
	}
	return f.Configuration().Servers, nil
}

// WaitLeader waits until this manager knows a leader and its API address (or is the leader
// itself and has recorded its address).
func (n *Node) WaitLeader(ctx context.Context) error {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		if _, api := n.Leader(); api != "" {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("manager %s: no leader: %w", n.id, ctx.Err())
		case <-n.done:
			return errors.New("manager node shut down")
		case <-t.C:
		}
	}
}

// Read calls fn with the local State under the state machine's lock. fn must not keep the
// State or call back into the Node. On a follower the State may lag the leader's by the
// replication delay; a write through this Node is applied here before Propose returns, so a
// client that writes and reads through one manager reads its writes.
func (n *Node) Read(fn func(*State)) {
	n.fsm.mu.Lock()
	defer n.fsm.mu.Unlock()
	fn(n.fsm.s)
}

// Propose replicates cmd through Raft and returns what applying it produced, or the error
// Apply refused it with (wrapping a sentinel). The leader stamps cmd.At with its clock. On a
// follower the command is forwarded to the leader over gRPC; its refusal comes back as the
// same sentinel, and Propose returns once the entry is applied here too. ErrNotLeader when no
// leader could be reached before ctx ends or ApplyTimeout.
//
// Propose sends again on its own only when the write was refused before it entered the log
// (a manager that is not the leader, a leader that could not be dialled). When the leader
// loses its leadership with the entry in flight it returns ErrOutcomeUnknown, and so does a
// follower whose ctx ends after the leader applied the forwarded write but before it did. A
// forwarding connection that breaks after the request was sent is still retried: such a write
// may be applied twice (a second CreateObject then fails with ALREADY_EXISTS).
func (n *Node) Propose(ctx context.Context, cmd *pb.Command) (*Result, error) {
	ctx, cancel := context.WithTimeout(ctx, n.cfg.ApplyTimeout)
	defer cancel()
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		if n.IsLeader() {
			res, _, err := n.applyLocal(ctx, cmd)
			if !errors.Is(err, ErrNotLeader) {
				return res, err
			}
		} else if _, api := n.Leader(); api != "" && api != n.cfg.APIAddr {
			res, err := n.forward(ctx, api, cmd)
			if !errors.Is(err, ErrNotLeader) {
				return res, err
			}
		}
		// No leader, or leadership moved while we asked: wait for the next one.
		select {
		case <-ctx.Done():
			_, api := n.Leader()
			return nil, &NotLeaderError{Leader: api, Cause: ctx.Err()}
		case <-n.done:
			return nil, &NotLeaderError{Cause: errors.New("manager shut down")}
		case <-t.C:
		}
	}
}

// applyLocal proposes on the leader and returns the entry's index too.
func (n *Node) applyLocal(ctx context.Context, cmd *pb.Command) (*Result, uint64, error) {
	cmd.At = timestamppb.New(n.clock())
	b, err := EncodeCommand(cmd)
	if err != nil {
		return nil, 0, err
	}
	timeout := n.cfg.ApplyTimeout
	if dl, ok := ctx.Deadline(); ok {
		timeout = time.Until(dl)
	}
	f := n.raft.Apply(b, timeout)
	if err := f.Error(); err != nil {
		if errors.Is(err, raft.ErrNotLeader) || errors.Is(err, raft.ErrLeadershipTransferInProgress) {
			// Refused before it entered the log: safe to send again.
			_, api := n.Leader()
			return nil, 0, &NotLeaderError{Leader: api, Cause: err}
		}
		if errors.Is(err, raft.ErrLeadershipLost) || errors.Is(err, raft.ErrRaftShutdown) || errors.Is(err, raft.ErrEnqueueTimeout) {
			// The entry may be in the log and commit under the next leader: not retried here.
			return nil, 0, fmt.Errorf("%w: %v", ErrOutcomeUnknown, err)
		}
		return nil, 0, fmt.Errorf("manager: raft apply: %w", err)
	}
	ar, _ := f.Response().(applyResult)
	return ar.res, f.Index(), ar.err
}

// waitApplied waits until the local state machine has applied index.
func (n *Node) waitApplied(ctx context.Context, index uint64) error {
	// The ticker covers a snapshot install, which wakes waiters but carries no index.
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		applied, ch := n.fsm.appliedIndex()
		if applied >= index || n.raft.AppliedIndex() >= index {
			return nil
		}
		select {
		case <-ch:
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		case <-n.done:
			return errors.New("manager node shut down")
		}
	}
}

// Join adds a manager to the cluster as a voter: on the leader directly, on a follower
// through the leader. Joining again with the same id and address changes nothing.
func (n *Node) Join(ctx context.Context, id, raftAddr, apiAddr string) error {
	if id == "" || raftAddr == "" || apiAddr == "" {
		return fmt.Errorf("%w: join needs an id, a Raft address and an API address (got %q, %q, %q)", ErrInvalidArgument, id, raftAddr, apiAddr)
	}
	ctx, cancel := context.WithTimeout(ctx, n.cfg.ApplyTimeout)
	defer cancel()
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		var err error
		if n.IsLeader() {
			err = n.addVoter(id, raftAddr, apiAddr)
		} else if _, api := n.Leader(); api != "" && api != n.cfg.APIAddr {
			err = joinVia(ctx, n.conn, api, id, raftAddr, apiAddr)
		} else {
			err = &NotLeaderError{}
		}
		if !errors.Is(err, ErrNotLeader) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-t.C:
		}
	}
}

func (n *Node) addVoter(id, raftAddr, apiAddr string) error {
	servers, err := n.Servers()
	if err != nil {
		return err
	}
	present := false
	for _, s := range servers {
		if string(s.ID) == id && string(s.Address) == raftAddr && s.Suffrage == raft.Voter {
			present = true
		}
	}
	if !present {
		if err := n.raft.AddVoter(raft.ServerID(id), raft.ServerAddress(raftAddr), 0, n.cfg.ApplyTimeout).Error(); err != nil {
			if errors.Is(err, raft.ErrNotLeader) || errors.Is(err, raft.ErrLeadershipLost) {
				return &NotLeaderError{Cause: err}
			}
			return fmt.Errorf("manager: add voter %s at %s: %w", id, raftAddr, err)
		}
		n.log.Info("manager added a voter", "id", id, "raft", raftAddr, "api", apiAddr)
	}
	if n.fsm.peer(id) != apiAddr {
		return n.recordPeer(id, apiAddr)
	}
	return nil
}

// JoinCluster asks the manager at apiAddr (any member of the cluster) to add this one as a
// voter, retrying until ctx ends; then waits until this manager knows the leader.
func (n *Node) JoinCluster(ctx context.Context, apiAddr string) error {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		err := joinVia(ctx, n.conn, apiAddr, n.id, n.RaftAddr(), n.cfg.APIAddr)
		if err == nil {
			return n.WaitLeader(ctx)
		}
		if errors.Is(err, ErrInvalidArgument) {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("manager %s: join via %s: %w", n.id, apiAddr, err)
		case <-t.C:
		}
	}
}

// Snapshot takes a Raft snapshot now (the log before it is then compacted).
func (n *Node) Snapshot() error { return n.raft.Snapshot().Error() }

// Shutdown stops the Raft peer and closes the log; the Node cannot be used again. It does not
// leave the cluster: the others count it as a voter that is down.
func (n *Node) Shutdown() error {
	var err error
	n.stopOnce.Do(func() {
		close(n.done)
		n.ctl.stop()
		err = n.raft.Shutdown().Error()
		<-n.loopDone
		<-n.relayDone
		n.notifier.Close()
		n.mu.Lock()
		for _, c := range n.conns {
			c.Close()
		}
		n.conns = nil
		n.mu.Unlock()
		err = errors.Join(err, n.closeStores())
	})
	return err
}

func (n *Node) closeStores() error {
	var errs []error
	if n.trans != nil {
		errs = append(errs, n.trans.Close())
	}
	if n.logs != nil {
		errs = append(errs, n.logs.Close())
	}
	return errors.Join(errs...)
}

// conn returns a cached client connection to another manager.
func (n *Node) conn(addr string) (*grpc.ClientConn, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.conns == nil {
		return nil, errors.New("manager node shut down")
	}
	if c, ok := n.conns[addr]; ok {
		return c, nil
	}
	c, err := grpc.NewClient(addr, n.cfg.DialOptions...)
	if err != nil {
		return nil, err
	}
	n.conns[addr] = c
	return c, nil
}

// forward sends cmd to the leader's internal Apply and waits until the entry is applied here.
func (n *Node) forward(ctx context.Context, leaderAPI string, cmd *pb.Command) (*Result, error) {
	c, err := n.conn(leaderAPI)
	if err != nil {
		return nil, &NotLeaderError{Leader: leaderAPI, Cause: err}
	}
	b, err := EncodeCommand(cmd)
	if err != nil {
		return nil, err
	}
	var hdr metadata.MD
	out := new(pb.CreateMemberResponse)
	if err := c.Invoke(ctx, clusterApplyMethod, wrapperspb.Bytes(b), out, grpc.Header(&hdr)); err != nil {
		return nil, fromStatus(err, leaderAPI)
	}
	var index uint64
	if v := hdr.Get(indexHeader); len(v) == 1 {
		fmt.Sscan(v[0], &index)
	}
	if err := n.waitApplied(ctx, index); err != nil {
		// Not ErrNotLeader: Propose would send the write again, and it is in the log.
		return nil, fmt.Errorf("%w: the leader %s applied the write at index %d; this manager had not when the call ended: %v", ErrOutcomeUnknown, leaderAPI, index, err)
	}
	res := &Result{View: out.GetView(), Pending: out.GetMember()}
	if v := hdr.Get(filterHeader); len(v) == 1 {
		res.FilterID = v[0]
	}
	return res, nil
}

func joinVia(ctx context.Context, conn func(string) (*grpc.ClientConn, error), api, id, raftAddr, apiAddr string) error {
	c, err := conn(api)
	if err != nil {
		return &NotLeaderError{Leader: api, Cause: err}
	}
	req, _ := structpb.NewStruct(map[string]any{"id": id, "raft": raftAddr, "api": apiAddr})
	if err := c.Invoke(ctx, clusterJoinMethod, req, new(structpb.Struct)); err != nil {
		return fromStatus(err, api)
	}
	return nil
}

// raftLogger adapts hashicorp's hclog to slog: warnings and errors (and info at debug level)
// become slog records with component=raft.
func raftLogger(l *slog.Logger) hclog.Logger {
	level := hclog.Warn
	if l.Enabled(context.Background(), slog.LevelDebug) {
		level = hclog.Info
	}
	return hclog.New(&hclog.LoggerOptions{Name: "raft", Level: level, Output: slogWriter{l}, DisableTime: true})
}

type slogWriter struct{ l *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	line := strings.TrimSpace(string(p))
	level := slog.LevelInfo
	switch {
	case strings.HasPrefix(line, "[ERROR]"):
		level = slog.LevelError
	case strings.HasPrefix(line, "[WARN]"):
		level = slog.LevelWarn
	}
	if i := strings.Index(line, "]"); i >= 0 && strings.HasPrefix(line, "[") {
		line = strings.TrimSpace(line[i+1:])
	}
	w.l.Log(context.Background(), level, line, "component", "raft")
	return len(p), nil
}

// committed is the FSM's hook for fault events it applied (called under the FSM's lock: it
// only queues them).
func (n *Node) committed(evs []*notify.Event) {
	n.relayMu.Lock()
	n.relayQ = append(n.relayQ, evs...)
	n.relayMu.Unlock()
	select {
	case n.relayWake <- struct{}{}:
	default:
	}
}

// relay hands committed fault events, in commit order, to this manager's notifier (which
// delivers them to its consumers) and to the control loop (which acts on them when leading).
func (n *Node) relay() {
	defer close(n.relayDone)
	for {
		select {
		case <-n.done:
			return
		case <-n.relayWake:
		}
		n.relayMu.Lock()
		q := n.relayQ
		n.relayQ = nil
		n.relayMu.Unlock()
		if len(q) == 0 {
			continue
		}
		n.ctl.faults(q)
		// The notifier resets Seq on push and owns what it is given: push copies, so the
		// replicated history's events stay as committed.
		cp := make([]*notify.Event, len(q))
		for i, e := range q {
			cp[i] = e.Clone()
		}
		for {
			_, err := n.notifier.PushBatch(cp)
			if !errors.Is(err, notify.ErrOverloaded) {
				if err != nil {
					n.log.Warn("notifier refused committed events", "events", len(cp), "err", err)
				}
				break
			}
			select {
			case <-n.done:
				return
			case <-time.After(10 * time.Millisecond): // back off until its intake drains
			}
		}
	}
}

// RecordFaults commits fault events to the replicated history (through the leader), and so to
// every manager's notifier and the leader's control loop. Events without an id get one
// unique to this manager; without a time, the leader's clock. It returns the ids in order.
// An invalid event fails the call (INVALID_ARGUMENT naming events[i]) and records nothing;
// an id the history holds already is recorded once.
func (n *Node) RecordFaults(ctx context.Context, evs []*notify.Event) ([]string, error) {
	if len(evs) == 0 {
		return nil, errf(ErrInvalidArgument, "events: at least one event is required")
	}
	cmd := &pb.RecordFaultsCommand{Events: make([]*notifyv1.FaultEvent, len(evs))}
	ids := make([]string, len(evs))
	for i, e := range evs {
		if e == nil {
			return nil, errf(ErrInvalidArgument, "events[%d]: nil event", i)
		}
		if err := e.Validate(); err != nil {
			return nil, errf(ErrInvalidArgument, "events[%d].%v", i, err)
		}
		p := e.Proto()
		if p.Id == "" {
			p.Id = n.ctl.newID()
		}
		p.Seq = 0
		ids[i] = p.Id
		cmd.Events[i] = p
	}
	if _, err := n.Propose(ctx, &pb.Command{Op: &pb.Command_RecordFaults{RecordFaults: cmd}}); err != nil {
		return nil, err
	}
	return ids, nil
}

// Notifier returns the manager's hosted FaultNotifier: it delivers every event committed to
// the replicated history to the consumers connected to this manager.
func (n *Node) Notifier() *notify.Notifier { return n.notifier }
