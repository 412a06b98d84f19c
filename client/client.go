package client

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	grpcbackoff "google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"
)

// NewClient is grpc.NewClient with the client SDK's dial options (DialOptions(cfg)) before
// opts: target is "warden:///GROUP". Like grpc.NewClient it does not connect; the first call
// waits for the group's view. Close the connection as any other.
func NewClient(target string, cfg Config, opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	if GroupOf(target) == "" {
		return nil, fmt.Errorf("client: target %q: want %s:///GROUP", target, Scheme)
	}
	base, err := DialOptions(cfg)
	if err != nil {
		return nil, err
	}
	return grpc.NewClient(target, append(base, opts...)...)
}

// DialOptions returns the dial options that make a grpc.ClientConn to "warden:///GROUP"
// fault tolerant: the resolver of the warden scheme watching the managers of cfg, the group
// balancer as the default service config, the unary and stream interceptors that add the
// request context and retry, and member connection parameters with a short reconnection backoff (an option given after these
// overrides them). The options make one client instance (one client id): every connection
// made with them shares it, and the view of each group.
func DialOptions(cfg Config) ([]grpc.DialOption, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	return c.dialOptions(), nil
}

func (c *client) dialOptions() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithResolvers(resolverBuilder{c}),
		// The resolver publishes this service config too; as the default it also holds
		// when the caller disables service configs from resolvers.
		grpc.WithDefaultServiceConfig(serviceConfigJSON),
		grpc.WithChainUnaryInterceptor(c.unary),
		grpc.WithChainStreamInterceptor(c.stream),
		grpc.WithConnectParams(grpc.ConnectParams{
			// A member that restarts at its address, or a partition that heals, is used
			// again within a second or two, not after gRPC's default of up to two minutes.
			Backoff:           grpcbackoff.Config{BaseDelay: 50 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 2 * time.Second},
			MinConnectTimeout: 2 * time.Second,
		}),
	}
}

// client is one client instance: its id, its retention counter, and what it knows of each
// group. It lives as long as the dial options that refer to it.
type client struct {
	cfg  Config
	id   string
	log  *slog.Logger
	next atomic.Uint64 // the last retention id handed out

	mu     sync.Mutex
	groups map[string]*group

	// Counters, for tests and diagnostics.
	attempts atomic.Uint64 // attempts sent or tried
	retries  atomic.Uint64 // attempts after the first of a call
}

func newClient(cfg Config) (*client, error) {
	cfg = cfg.withDefaults()
	if cfg.ManagerDialOptions == nil {
		cfg.ManagerDialOptions = []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	}
	id := cfg.ClientID
	if id == "" {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, fmt.Errorf("client: a random client id: %w", err)
		}
		id = hex.EncodeToString(b[:])
	}
	return &client{cfg: cfg, id: id, log: cfg.Logger, groups: map[string]*group{}}, nil
}

// group returns the state of group id, made on first use.
func (c *client) group(id string) *group {
	c.mu.Lock()
	defer c.mu.Unlock()
	g, ok := c.groups[id]
	if !ok {
		g = newGroup(id)
		c.groups[id] = g
	}
	return g
}
