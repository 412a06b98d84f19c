package txn

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The scripted interaction tests, in the etcd-raft style: each file in testdata/ is a sequence
// of commands, each followed by "----" and the output it must produce. Run with -rewrite to
// regenerate the expected outputs, then review the diff.
//
//	command arg key=value
//	----
//	expected output (no blank lines)
//
// Lines starting with # are comments; commands are separated by blank lines.

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of the scripted tests in testdata/")

type scriptCmd struct {
	line int
	text string
	cmd  string
	args []string
	kv   map[string]string
	want string
}

func (c *scriptCmd) arg(i int) string {
	if i < len(c.args) {
		return c.args[i]
	}
	return ""
}

func parseScript(t *testing.T, path string) (header []string, cmds []*scriptCmd) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			if len(cmds) == 0 {
				header = append(header, l)
			}
			continue
		}
		c := &scriptCmd{line: i + 1, text: l, kv: map[string]string{}}
		for _, f := range strings.Fields(l) {
			if c.cmd == "" {
				c.cmd = f
			} else if k, v, ok := strings.Cut(f, "="); ok {
				c.kv[k] = v
			} else {
				c.args = append(c.args, f)
			}
		}
		i++
		if i >= len(lines) || lines[i] != "----" {
			t.Fatalf("%s:%d: command %q is not followed by ----", path, c.line, l)
		}
		var out []string
		for i++; i < len(lines) && lines[i] != ""; i++ {
			out = append(out, lines[i])
		}
		c.want = strings.Join(out, "\n")
		cmds = append(cmds, c)
	}
	return header, cmds
}

// runScript replays path through run, which returns the output of one command.
func runScript(t *testing.T, path string, run func(c *scriptCmd) string) {
	header, cmds := parseScript(t, path)
	var b strings.Builder
	for _, h := range header {
		b.WriteString(h + "\n")
	}
	failed := false
	for _, c := range cmds {
		got := strings.TrimRight(run(c), "\n")
		if got == "" {
			got = "ok"
		}
		if got != c.want && !*rewrite {
			t.Errorf("%s:%d: %s\ngot:\n%s\nwant:\n%s", path, c.line, c.text, got, c.want)
			failed = true
		}
		fmt.Fprintf(&b, "%s\n----\n%s\n\n", c.text, got)
	}
	if *rewrite {
		out := strings.TrimRight(b.String(), "\n") + "\n"
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if failed {
		t.Logf("%s: run with -rewrite to accept the new output, then review the diff", path)
	}
}

func scriptFiles(t *testing.T, pattern string) []string {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts match testdata/%s", pattern)
	}
	return files
}

// parsePeers reads "(A,B)" as peers A and B at addresses a:1 and b:1... lowercased name +
// ":1" keeps scripts short.
func parsePeers(s string) []Peer {
	s = strings.Trim(s, "()")
	var ps []Peer
	for _, n := range strings.Split(s, ",") {
		if n != "" {
			ps = append(ps, Peer{Name: n, Address: strings.ToLower(n) + ":1"})
		}
	}
	return ps
}
