// Package echoapp is the echo example member as a library: Run is its command line, so that
// both the echo binary (examples/echo) and `warden demo` (which runs members of itself) serve
// it. See examples/echo for what it does.
package echoapp

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	"github.com/wardenft/warden/detect"
)

// UsageError is a bad command line (exit status 2).
type UsageError struct{ error }

func (u UsageError) Unwrap() error { return u.error }

// Run runs the echo command line: serve (flags --listen, --member, --location; defaults from
// the WARDEN_ environment an agent sets) until ctx ends, or `call ADDRESS [MESSAGE]`. It
// returns flag.ErrHelp for -h, a UsageError for a bad command line.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "call" {
		return call(ctx, args[1:], stdout)
	}
	fs := flag.NewFlagSet("echo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defListen := "127.0.0.1:7700"
	if p := os.Getenv("WARDEN_PORT"); p != "" {
		defListen = net.JoinHostPort("127.0.0.1", p)
	}
	listen := fs.String("listen", defListen, "address to serve on (default 127.0.0.1:$WARDEN_PORT when set)")
	member := fs.String("member", os.Getenv("WARDEN_MEMBER"), "member id to answer with (default $WARDEN_MEMBER)")
	location := fs.String("location", os.Getenv("WARDEN_LOCATION"), "location to answer with (default $WARDEN_LOCATION)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: echo [flags]            serve warden.echo.v1.EchoService and grpc.health.v1\n       echo call ADDRESS [MESSAGE]  call Echo once and print the answer\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return UsageError{err}
	}
	if fs.NArg() > 0 {
		return UsageError{fmt.Errorf("unexpected argument %q (flags only; or: echo call ADDRESS MESSAGE)", fs.Arg(0))}
	}
	hb, err := heartbeatConfig()
	if err != nil {
		return UsageError{err}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("--listen: %w", err)
	}
	srv := grpc.NewServer()
	hs := health.NewServer() // SERVING for "" from the start
	healthpb.RegisterHealthServer(srv, hs)
	echov1.RegisterEchoServiceServer(srv, &echoServer{member: *member, location: *location, pid: int64(os.Getpid())})
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(lis) }()

	hbCtx, stopHB := context.WithCancel(ctx)
	defer stopHB()
	if hb != nil {
		hb.Logger = log
		s, err := detect.NewSender(*hb)
		if err != nil {
			srv.Stop()
			return fmt.Errorf("heartbeats: %w", err)
		}
		go s.Run(hbCtx)
	}
	fmt.Fprintf(stdout, "echo: member %q at %q serving on %s (pid %d)\n", *member, *location, lis.Addr(), os.Getpid())

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	// Graceful: say NOT_SERVING first so that pollers stop sending here, stop heartbeating,
	// then let the calls in flight finish (bounded, in case a client hangs on).
	hs.Shutdown()
	stopHB()
	done := make(chan struct{})
	go func() { srv.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		srv.Stop()
	}
	return nil
}

// heartbeatConfig reads the PUSH monitoring settings the agent passes; nil when there are none.
func heartbeatConfig() (*detect.SenderConfig, error) {
	addr := os.Getenv("WARDEN_HEARTBEAT_ADDR")
	if addr == "" {
		return nil, nil
	}
	cfg := detect.DefaultSenderConfig()
	cfg.Targets = []string{addr}
	if s := os.Getenv("WARDEN_HEARTBEAT_INTERVAL"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			return nil, fmt.Errorf("WARDEN_HEARTBEAT_INTERVAL=%q: %w", s, err)
		}
		cfg.Interval = d
	}
	cfg.Source = os.Getenv("WARDEN_HEARTBEAT_SOURCE")
	if cfg.Source == "" {
		cfg.Source = os.Getenv("WARDEN_GROUP") + "/" + os.Getenv("WARDEN_MEMBER")
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("heartbeats to WARDEN_HEARTBEAT_ADDR=%s: %w", addr, err)
	}
	return &cfg, nil
}

type echoServer struct {
	echov1.UnimplementedEchoServiceServer
	member, location string
	pid              int64
}

func (s *echoServer) Echo(_ context.Context, r *echov1.EchoRequest) (*echov1.EchoResponse, error) {
	return &echov1.EchoResponse{Message: r.GetMessage(), Member: s.member, Location: s.location, Pid: s.pid}, nil
}

func call(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) < 1 || len(args) > 2 {
		return UsageError{errors.New("call: want ADDRESS [MESSAGE]")}
	}
	msg := "hello"
	if len(args) == 2 {
		msg = args[1]
	}
	conn, err := grpc.NewClient(args[0], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return UsageError{fmt.Errorf("call %s: %w", args[0], err)}
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	r, err := echov1.NewEchoServiceClient(conn).Echo(ctx, &echov1.EchoRequest{Message: msg})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s (member %q at %q, pid %d)\n", r.GetMessage(), r.GetMember(), r.GetLocation(), r.GetPid())
	return nil
}
