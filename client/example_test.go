package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	"github.com/wardenft/warden/client"
)

// Calling an object group through its generated stub: only the target and the dial options
// say that it is a group.
func Example() {
	cfg := client.DefaultConfig()
	cfg.Managers = client.ParseManagers("127.0.0.1:7401,127.0.0.1:7402,127.0.0.1:7403")
	conn, err := client.NewClient("warden:///echo", cfg, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		log.Fatal(err) // a bad config or target; nothing was dialed
	}
	defer conn.Close()
	echo := echov1.NewEchoServiceClient(conn)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r, err := echo.Echo(ctx, &echov1.EchoRequest{Message: "hello"})
	var ce *client.Error
	switch {
	case errors.As(err, &ce):
		// Every fault the client could not mask within the deadline, in one error:
		// "group echo: no member answered within 2s (9 attempts): last error: ...".
		log.Printf("unavailable after %d attempts: %v", ce.Attempts, err)
	case err != nil:
		log.Printf("the member answered %v: %v", status.Code(err), err) // an application error
	default:
		fmt.Printf("%s from member %s at %s\n", r.Message, r.Member, r.Location)
	}
}

// Building the connection from the dial options, and a read that needs no at-most-once.
func ExampleDialOptions() {
	opts, err := client.DialOptions(client.Config{Managers: []string{"127.0.0.1:7401"}})
	if err != nil {
		log.Fatal(err)
	}
	conn, err := grpc.NewClient("warden:///echo", append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))...)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	_, _ = echov1.NewEchoServiceClient(conn).Echo(context.Background(), &echov1.EchoRequest{Message: "ping"}, client.ReadOnly())
}

// With no manager reachable a call fails within its deadline, with one error that says so.
func ExampleError() {
	conn, err := client.NewClient("warden:///echo", client.Config{Managers: []string{"127.0.0.1:1"}}, // nothing listens there
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = echov1.NewEchoServiceClient(conn).Echo(ctx, &echov1.EchoRequest{Message: "hello"})
	fmt.Println(status.Code(err) == codes.Unavailable, errors.Is(err, client.ErrNoView))
	// Output: true true
}
