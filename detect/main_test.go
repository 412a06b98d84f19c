package detect_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/wardenft/warden/detect"
)

// TestMain doubles as the child process of the process-watcher tests: with DETECT_TEST_CHILD
// set, the test binary plays that role instead of running tests.
func TestMain(m *testing.M) {
	switch os.Getenv("DETECT_TEST_CHILD") {
	case "":
		os.Exit(m.Run())
	case "exit3":
		os.Exit(3)
	case "wait":
		// Run until killed; reading stdin ends when the parent goes away.
		buf := make([]byte, 1)
		os.Stdin.Read(buf)
		os.Exit(0)
	}
	os.Exit(99)
}

// waitVerdict returns the next verdict from ch, failing the test after 10s.
func waitVerdict(t *testing.T, ch <-chan detect.Verdict) detect.Verdict {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("no verdict within 10s")
		return detect.Verdict{}
	}
}

// expectVerdict waits for the next verdict and checks its source, kind and semantics.
func expectVerdict(t *testing.T, ch <-chan detect.Verdict, source string, kind detect.Kind, sem detect.Semantics) detect.Verdict {
	t.Helper()
	v := waitVerdict(t, ch)
	if v.Source != source || v.Kind != kind || v.Semantics != sem {
		t.Fatalf("verdict %v, want %s %s %s", v, source, kind, sem)
	}
	return v
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}
