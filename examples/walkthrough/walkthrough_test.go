package walkthrough_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/examples/walkthrough"
	"github.com/wardenft/warden/internal/cluster"
)

// The README's walkthrough section: every ```go block in it must appear in this package's
// source, line for line (runs of blanks aside: gofmt aligns comments); a line "// ..." in a block marks
// an elision, and the pieces around it are checked one by one.
func TestReadmeShowsThisCode(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const heading = "## Adding Warden to a gRPC service"
	_, section, ok := strings.Cut(string(readme), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no section %q", heading)
	}
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	var src strings.Builder
	for _, f := range []string{"tally.go", "member.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.WriteString(normalize(string(b)))
		src.WriteString("\n")
	}
	blocks := 0
	for rest := section; ; {
		_, after, ok := strings.Cut(rest, "```go\n")
		if !ok {
			break
		}
		block, tail, ok := strings.Cut(after, "```")
		if !ok {
			t.Fatal("README.md: a ```go block of the walkthrough is not closed")
		}
		rest = tail
		blocks++
		for _, piece := range strings.Split(block, "// ...\n") {
			if p := normalize(piece); p != "" && !strings.Contains(src.String(), p) {
				t.Errorf("README.md's walkthrough shows code that is not in examples/walkthrough (tally.go, member.go):\n%s", p)
			}
		}
	}
	if blocks < 2 {
		t.Fatalf("README.md's walkthrough has %d Go blocks, want the service's interfaces and the member's and client's code", blocks)
	}
}

func normalize(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var bins cluster.Binaries
var tally string

func TestMain(m *testing.M) {
	os.Exit(func() int {
		root, err := cluster.ModuleRoot()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		dir, err := os.MkdirTemp("", "warden-walkthrough-bin-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		if bins, err = cluster.Build(root, dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		tally = filepath.Join(dir, "tally")
		cmd := exec.Command("go", "build", "-o", tally, "./examples/walkthrough/tally")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "go build ./examples/walkthrough/tally: %v\n%s", err, out)
			return 1
		}
		return m.Run()
	}())
}

// The walkthrough run for real: a manager and two agents as processes, the tally type
// registered and its WARM_PASSIVE group created with the warden CLI as the README shows, calls
// through Dial, the primary SIGKILLed mid-way; every increment is applied exactly once.
func TestWalkthroughRuns(t *testing.T) {
	c := cluster.New(t, bins)
	mgr, err := c.StartManager("m1", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"host-a", "host-b"} {
		if _, err := c.StartAgent(l); err != nil {
			t.Fatal(err)
		}
	}
	warden := func(args ...string) {
		t.Helper()
		out, err := exec.Command(bins.Warden, append([]string{"--manager", mgr.API}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("warden %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	// The agents must be up before a group can be placed.
	conn, err := grpc.NewClient(mgr.API, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	groups := pb.NewObjectGroupManagerClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	poll(t, ctx, "two locations up", func() error {
		r, err := groups.ListLocations(ctx, &pb.ListLocationsRequest{})
		if err != nil {
			return err
		}
		if up := len(r.Locations); up < 2 {
			return fmt.Errorf("%d registered", up)
		}
		return nil
	})
	warden("type", "register", "tally", "--command", tally)
	warden("group", "create", "tally", "--type", "tally", "ReplicationStyle=WARM_PASSIVE", "InitialNumberMembers=2", "MinimumNumberMembers=2")
	var primary string
	poll(t, ctx, "two members, the backup caught up", func() error {
		r, err := groups.GetObjectGroupRef(ctx, &pb.GetObjectGroupRefRequest{GroupId: "tally"})
		if err != nil {
			return err
		}
		v := r.View
		if len(v.Members) != 2 || v.Primary == "" {
			return fmt.Errorf("view %v", v)
		}
		for _, m := range v.Members {
			if m.MemberId != v.Primary && !m.CaughtUp {
				return fmt.Errorf("%s not caught up", m.MemberId)
			}
		}
		primary = v.Primary
		return nil
	})

	cli, cc, err := walkthrough.Dial(c.ManagerAddrs())
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	inc := func(want int64) {
		t.Helper()
		r, err := cli.Increment(ctx, &counterv1.IncrementRequest{By: 1})
		if err != nil {
			t.Fatalf("increment %d: %v", want, err)
		}
		if r.Value != want {
			t.Fatalf("increment %d answered %d", want, r.Value)
		}
	}
	for i := int64(1); i <= 5; i++ {
		inc(i)
	}
	pid, err := c.MemberPID("tally", primary)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for i := int64(6); i <= 10; i++ {
		inc(i)
	}
	r, err := cli.Get(ctx, &counterv1.GetRequest{})
	if err != nil || r.Value != 10 {
		t.Fatalf("Get after the failover: %v, %v; want 10", r, err)
	}
}

// poll checks cond every 20ms until it holds; it fails the test when ctx ends first.
func poll(t *testing.T, ctx context.Context, what string, cond func() error) {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		err := cond()
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", what, err)
		case <-tick.C:
		}
	}
}
