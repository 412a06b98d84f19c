package walkthrough

import (
	"context"
	"net"
	"os"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	"github.com/wardenft/warden/client"
	"github.com/wardenft/warden/replica"
)

// ServeMember serves t as the member the agent started: it runs until ctx ends or the
// member stops (a fail-stop: the agent reports it and the manager replaces the member).
func ServeMember(ctx context.Context, t *Tally) error {
	cfg := replica.DefaultServerConfig(os.Getenv("WARDEN_GROUP"), os.Getenv("WARDEN_MEMBER"))
	cfg.Managers = strings.Split(os.Getenv("WARDEN_MANAGERS"), ",")
	cfg.App = t // Checkpointable, and Updateable
	cfg.StateChanging = []string{"/warden.counter.v1.Counter/Increment"}
	rs, err := replica.NewServer(cfg)
	if err != nil {
		return err
	}
	lis, err := net.Listen("tcp", ":"+os.Getenv("WARDEN_PORT")) // the port the agent picked
	if err != nil {
		return err
	}
	gs := grpc.NewServer(rs.ServerOptions()...)
	rs.RegisterService(gs, &counterv1.Counter_ServiceDesc, t) // was counterv1.RegisterCounterServer(gs, t)
	rs.Register(gs)                                           // replication, transfers, health
	go gs.Serve(lis)
	defer gs.Stop()
	return rs.Run(ctx)
}

// Dial returns the group's stub: the generated client, unchanged, over a connection to the
// group rather than to one server. managers is "host:port,host:port".
func Dial(managers string) (counterv1.CounterClient, *grpc.ClientConn, error) {
	conn, err := client.NewClient("warden:///tally",
		client.Config{Managers: client.ParseManagers(managers)},
		grpc.WithTransportCredentials(insecure.NewCredentials())) // or your TLS credentials
	if err != nil {
		return nil, nil, err
	}
	return counterv1.NewCounterClient(conn), conn, nil
}
