package replica_test

import (
	"context"
	"log"
	"net"

	"google.golang.org/grpc"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	"github.com/wardenft/warden/examples/counter/counterapp"
	"github.com/wardenft/warden/replica"
)

// A gRPC server becomes a member of a passive group: the app implements Checkpointable (and
// here Updateable), the driver's interceptor wraps the server, the app's service is registered
// through the driver, and Run runs the member. The agent that starts it sets WARDEN_MEMBER,
// WARDEN_GROUP and WARDEN_PORT.
func ExampleServer() {
	app := &counterapp.Counter{Member: "m1"}
	cfg := replica.DefaultServerConfig("counter", "m1")
	cfg.Managers = []string{"127.0.0.1:7401"}
	cfg.App = app
	cfg.StateChanging = []string{"/warden.counter.v1.Counter/Increment"}
	rs, err := replica.NewServer(cfg)
	if err != nil {
		log.Fatal(err)
	}
	gs := grpc.NewServer(rs.ServerOptions()...)
	rs.RegisterService(gs, &counterv1.Counter_ServiceDesc, app)
	rs.Register(gs)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go gs.Serve(lis)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a real member runs until it is told to stop
	_ = rs.Run(ctx)
	gs.Stop()
}
