// Command echo is the smallest service a Warden agent can run as a member: a gRPC server of
// warden.echo.v1.EchoService that answers with the member's identity, serving grpc.health.v1
// (SERVING while it runs) for PULL monitoring and sending push heartbeats for PUSH
// monitoring when its agent asks for them.
//
//	echo --listen 127.0.0.1:7700 --member m1 --location host-a   # serve
//	echo call 127.0.0.1:7700 hello                                # one Echo, printed
//
// Started by an agent it needs no flags: the agent sets WARDEN_MEMBER, WARDEN_LOCATION and
// WARDEN_PORT (so the default --listen is 127.0.0.1:$WARDEN_PORT), and for PUSH monitoring
// WARDEN_HEARTBEAT_ADDR (the agent's UDP heartbeat address), WARDEN_HEARTBEAT_INTERVAL (a Go
// duration such as "200ms") and WARDEN_HEARTBEAT_SOURCE (the source id the agent expects;
// default "$WARDEN_GROUP/$WARDEN_MEMBER"). A type registered as
//
//	{"type_id": "echo", "launch": {"command": "/usr/local/bin/echo-member",
//	  "args": ["--listen", "127.0.0.1:{{port}}"]}}
//
// is enough. SIGTERM or SIGINT stops it gracefully (health NOT_SERVING, then in-flight calls
// finish); it exits 0 then, 1 on an error, 2 on bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/wardenft/warden/examples/echo/echoapp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := echoapp.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	var u echoapp.UsageError
	switch {
	case errors.As(err, &u):
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(2)
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(1)
	}
}
