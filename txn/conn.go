package txn

import (
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"
)

// conns keeps one client connection per address. Reconnection backoff is short (50ms to 1s)
// because the peers are processes that restart: a participant asking a coordinator that just
// came back must not wait out gRPC's default two-minute backoff.
type conns struct {
	opts []grpc.DialOption
	mu   sync.Mutex
	m    map[string]*grpc.ClientConn
}

func newConns(extra []grpc.DialOption) *conns {
	opts := []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 50 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second},
			MinConnectTimeout: time.Second,
		}),
	}
	return &conns{opts: append(opts, extra...), m: make(map[string]*grpc.ClientConn)}
}

// DialOptions returns the options this package dials peers with: plaintext and a short
// reconnection backoff. Clients of restartable services want the same.
func DialOptions() []grpc.DialOption { return newConns(nil).opts }

func (c *conns) get(addr string) (*grpc.ClientConn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cc := c.m[addr]; cc != nil {
		return cc, nil
	}
	cc, err := grpc.NewClient(addr, c.opts...)
	if err != nil {
		return nil, err
	}
	c.m[addr] = cc
	return cc, nil
}

func (c *conns) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cc := range c.m {
		cc.Close()
	}
	c.m = map[string]*grpc.ClientConn{}
}
