package detect

import (
	"context"
	"fmt"
	"net"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// HealthProbe polls grpc.health.v1.Health/Check, the de facto is_alive() of gRPC servers.
// A reply of SERVING is Serving; NOT_SERVING, SERVICE_UNKNOWN and UNKNOWN are replies that
// are not (omissions of service); an RPC error is no reply.
type HealthProbe struct {
	client  healthpb.HealthClient
	service string
	addr    string
	conn    *grpc.ClientConn // owned, when made by DialHealthProbe
}

// NewHealthProbe returns a probe of service ("" is the server as a whole) over conn, which
// the caller owns.
func NewHealthProbe(conn grpc.ClientConnInterface, addr, service string) *HealthProbe {
	return &HealthProbe{client: healthpb.NewHealthClient(conn), service: service, addr: addr}
}

// DialHealthProbe makes a client for target (plaintext unless opts say otherwise) and returns
// a probe of service over it; Close releases it. The client connects lazily and does not wait
// for a connection to be ready, so a target that is down is an omission at once.
func DialHealthProbe(target, service string, opts ...grpc.DialOption) (*HealthProbe, error) {
	opts = append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, opts...)
	conn, err := grpc.NewClient(target, opts...)
	if err != nil {
		return nil, fmt.Errorf("detect: health probe of %q: %w", target, err)
	}
	p := NewHealthProbe(conn, target, service)
	p.conn = conn
	return p, nil
}

// Probe calls Health/Check once.
func (p *HealthProbe) Probe(ctx context.Context) (Reply, error) {
	resp, err := p.client.Check(ctx, &healthpb.HealthCheckRequest{Service: p.service})
	if err != nil {
		return Reply{}, err
	}
	st := resp.GetStatus()
	return Reply{Serving: st == healthpb.HealthCheckResponse_SERVING, Status: st.String()}, nil
}

func (p *HealthProbe) Detector() Detector { return DetectorHealth }
func (p *HealthProbe) Addr() string       { return p.addr }

// Close closes the client DialHealthProbe made; it does nothing for NewHealthProbe's.
func (p *HealthProbe) Close() error {
	if p.conn == nil {
		return nil
	}
	return p.conn.Close()
}

// TCPProbe polls by opening a TCP connection to Address and closing it at once: for targets
// without gRPC. A completed connect is a Serving reply.
type TCPProbe struct {
	Address string
	Dialer  net.Dialer
}

// Probe connects once.
func (p *TCPProbe) Probe(ctx context.Context) (Reply, error) {
	c, err := p.Dialer.DialContext(ctx, "tcp", p.Address)
	if err != nil {
		return Reply{}, err
	}
	c.Close()
	return Reply{Serving: true, Status: "CONNECTED"}, nil
}

func (p *TCPProbe) Detector() Detector { return DetectorTCP }
func (p *TCPProbe) Addr() string       { return p.Address }
