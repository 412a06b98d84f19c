package sysinfo

import (
	"runtime"
	"strings"
	"testing"
)

func TestDescribesThisMachine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the descriptions come from /proc and statfs(2)")
	}
	if KernelRelease() == "" {
		t.Error("no kernel release")
	}
	if got := FSType(t.TempDir()); got == "" || strings.HasPrefix(got, "unknown") {
		t.Errorf("FSType(temp dir) = %q", got)
	}
}
