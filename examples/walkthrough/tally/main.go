// Command tally is the walkthrough's member: walkthrough.Tally served by
// walkthrough.ServeMember, as a warden agent starts it (WARDEN_GROUP, WARDEN_MEMBER,
// WARDEN_PORT and WARDEN_MANAGERS in its environment). SIGTERM stops it.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/wardenft/warden/examples/walkthrough"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := walkthrough.ServeMember(ctx, &walkthrough.Tally{}); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "tally:", err)
		os.Exit(1)
	}
}
