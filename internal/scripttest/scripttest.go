// Package scripttest replays the scripted (datadriven) tests of Warden's protocol cores, in the
// style of etcd-raft's interaction tests. A script in testdata/ is a sequence of commands, each
// followed by "----" and the output it must produce, ended by a blank line:
//
//	# comments and blank lines are kept as they are
//	fault at=10s location=host-a member=m1
//	----
//	IncidentOpened inc-1 cause=...
//
// A command line is a name, then positional arguments and key=value pairs in any order. The
// test supplies a function that runs one command and returns its output; Run compares it with
// the expected output, or with rewrite set replaces the expected output in the file, so that
// a change of behaviour is reviewed as a diff of testdata/.
package scripttest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Cmd is one command of a script.
type Cmd struct {
	Line int               // 1-based line of the command in the file
	Text string            // the command line as written
	Name string            // the first word
	Args []string          // positional arguments, in order
	Keys []string          // keys of the key=value pairs, in order
	KV   map[string]string // the key=value pairs
	Want []string          // the expected output lines
}

// item is a line kept verbatim (comment or blank) or a command.
type item struct {
	verbatim string
	cmd      *Cmd
}

func parse(t testing.TB, path string) []item {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var items []item
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			items = append(items, item{verbatim: l})
			continue
		}
		c := &Cmd{Line: i + 1, Text: l, KV: map[string]string{}}
		for _, f := range strings.Fields(l) {
			switch k, v, ok := strings.Cut(f, "="); {
			case c.Name == "":
				c.Name = f
			case ok:
				if _, dup := c.KV[k]; dup {
					t.Fatalf("%s:%d: %s given twice", path, c.Line, k)
				}
				c.Keys = append(c.Keys, k)
				c.KV[k] = v
			default:
				c.Args = append(c.Args, f)
			}
		}
		i++
		if i >= len(lines) || lines[i] != "----" {
			t.Fatalf("%s:%d: command %q is not followed by ----", path, c.Line, l)
		}
		for i++; i < len(lines) && lines[i] != ""; i++ {
			c.Want = append(c.Want, lines[i])
		}
		// The blank line that ends the output belongs to the command.
		items = append(items, item{cmd: c})
	}
	return items
}

// Run replays the script at path through run, which returns the output of one command ("" is
// printed as "ok"), and compares each output with the expected one. With rewrite it writes the
// outputs back into the file instead; hint is logged on a mismatch (the command that rewrites).
func Run(t *testing.T, path string, rewrite bool, hint string, run func(c *Cmd) string) {
	t.Helper()
	var b strings.Builder
	failed := false
	for _, it := range parse(t, path) {
		if it.cmd == nil {
			b.WriteString(it.verbatim + "\n")
			continue
		}
		c := it.cmd
		got := strings.TrimRight(run(c), "\n")
		if got == "" {
			got = "ok"
		}
		if strings.Contains(got, "\n\n") {
			t.Fatalf("%s:%d: output has a blank line, which the script format cannot hold:\n%s", path, c.Line, got)
		}
		if want := strings.Join(c.Want, "\n"); got != want && !rewrite {
			t.Errorf("%s:%d: %s\ngot:\n%s\nwant:\n%s", path, c.Line, c.Text, got, want)
			failed = true
		}
		fmt.Fprintf(&b, "%s\n----\n%s\n\n", c.Text, got)
	}
	if rewrite {
		if err := os.WriteFile(path, []byte(strings.TrimRight(b.String(), "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if failed {
		t.Logf("%s: run %s to accept the new output, then review the diff", path, hint)
	}
}
