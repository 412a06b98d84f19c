package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

func TestTypeVerbs(t *testing.T) {
	t.Parallel()
	m := startTestManager(t)

	out := m.ok(t, "type", "register", "echo", "--command", "/usr/local/bin/echo-server", "--arg", "--port={{port}}", "--arg", "hello world",
		"--env", "GOMAXPROCS=2", "--env", "DATA={{data_dir}}", "--stop-grace", "2s", "--health-service", "echo.v1.Echo", "--description", "the echo example")
	if want := "type echo registered: GOMAXPROCS=2 DATA={{data_dir}} /usr/local/bin/echo-server --port={{port}} 'hello world'\n"; out != want {
		t.Errorf("register: %q, want %q", out, want)
	}
	want := &managerv1.MemberType{TypeId: "echo", Description: "the echo example", Launch: &managerv1.LaunchSpec{
		Command: "/usr/local/bin/echo-server", Args: []string{"--port={{port}}", "hello world"},
		Env:             []*managerv1.EnvVar{{Name: "GOMAXPROCS", Value: "2"}, {Name: "DATA", Value: "{{data_dir}}"}},
		StopGracePeriod: durationpb.New(2 * time.Second), HealthService: "echo.v1.Echo"}}

	// show -o json is the MemberType the manager holds, and register --file takes it back.
	js := m.ok(t, "type", "show", "echo", "-o", "json")
	got := &managerv1.MemberType{}
	fromJSON(t, js, got)
	if !proto.Equal(got, want) {
		t.Errorf("show -o json: %v, want %v", got, want)
	}
	if again := m.ok(t, "type", "show", "echo", "-o", "json"); again != js {
		t.Errorf("two reads of one type print different JSON:\n%s\n%s", js, again)
	}
	file := filepath.Join(t.TempDir(), "echo.json")
	if err := os.WriteFile(file, []byte(strings.Replace(js, `"echo"`, `"echo2"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	m.ok(t, "type", "register", "--file", file)
	var types []*managerv1.MemberType
	types = fromJSONList(t, m.ok(t, "type", "ls", "-o", "json"), func() *managerv1.MemberType { return &managerv1.MemberType{} })
	if len(types) != 2 || types[0].GetTypeId() != "echo" || types[1].GetTypeId() != "echo2" {
		t.Fatalf("type ls -o json: %v", types)
	}
	want.TypeId = "echo2"
	if !proto.Equal(types[1], want) {
		t.Errorf("registered from the file: %v, want %v", types[1], want)
	}

	// From stdin, the id from the argument.
	stdout, _, err := runCLI(context.Background(), `{"launch": {"command": "/bin/sleep", "args": ["1000"]}}`, nil,
		"type", "register", "sleeper", "--file", "-", "--manager", m.addr)
	if err != nil || stdout != "type sleeper registered: /bin/sleep 1000\n" {
		t.Errorf("register --file -: %v %q", err, stdout)
	}

	ls := m.ok(t, "type", "ls")
	for _, w := range []string{"TYPE", "echo ", "GOMAXPROCS=2 DATA={{data_dir}} /usr/local/bin/echo-server", "the echo example", "sleeper  /bin/sleep 1000"} {
		if !strings.Contains(ls, w) {
			t.Errorf("type ls does not show %q:\n%s", w, ls)
		}
	}
	show := m.ok(t, "type", "show", "echo")
	for _, w := range []string{"command         /usr/local/bin/echo-server", "arg 2           hello world", "env             DATA={{data_dir}}", "stop grace      2s", "health service  echo.v1.Echo"} {
		if !strings.Contains(show, w) {
			t.Errorf("type show does not show %q:\n%s", w, show)
		}
	}

	// Errors from the manager, rendered.
	m.fails(t, `type "nosuch" is not registered (warden type ls lists them)`, "type", "show", "nosuch")
	m.fails(t, `type "nosuch" is not registered`, "type", "rm", "nosuch")
	m.fails(t, `launch.args[0] "{{prot}}": unknown placeholder`, "type", "register", "bad", "--command", "/bin/x", "--arg", "{{prot}}")
	m.fails(t, `type_id "bad id"`, "type", "register", "bad id", "--command", "/bin/x")
	noID := filepath.Join(t.TempDir(), "noid.json")
	os.WriteFile(noID, []byte(`{"launch": {"command": "/bin/true"}}`), 0o644)
	m.fails(t, "--file "+noID+": no type_id in the file and no ID argument", "type", "register", "--file", noID)
	m.fails(t, `type id "other": the file `+file+` registers "echo2"`, "type", "register", "other", "--file", file)
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"type_id": "x", "lunch": {}}`), 0o644)
	m.fails(t, "--file "+bad+": not a MemberType in JSON", "type", "register", "--file", bad)

	if out := m.ok(t, "type", "rm", "echo"); out != "type echo unregistered\n" {
		t.Errorf("type rm: %q", out)
	}
	if out := m.ok(t, "type", "rm", "echo2", "-o", "json"); out != "{}\n" {
		t.Errorf("type rm -o json: %q", out)
	}
	if ls := m.ok(t, "type", "ls", "-o", "json"); !strings.Contains(ls, `"type_id": "sleeper"`) || strings.Contains(ls, `"echo"`) {
		t.Errorf("after rm: %s", ls)
	}
}

// Malformed type invocations are refused before anything is sent.
func TestTypeBadArgs(t *testing.T) {
	t.Parallel()
	checkBadArgs(t, []badArg{
		{"type register", "type register: missing argument: want the type id (or --file)"},
		{"type register a b", `type register: too many arguments ("a" "b"): want the type id`},
		{"type register t1", "--command is required"},
		{"type register t1 --command /bin/true --env NOVALUE", `--env "NOVALUE": want NAME=VALUE`},
		{"type register t1 --command /bin/true --env =x", `--env "=x": want NAME=VALUE`},
		{"type register t1 --command /bin/true --stop-grace -1s", "--stop-grace -1s: must not be negative"},
		{"type register t1 --file /nonexistent/t.json", "--file: open /nonexistent/t.json"},
		{"type register --file x.json --command /bin/true --arg a", "--file x.json: cannot be combined with --command, --arg"},
		{"type show", "type show: missing argument: want the type id"},
		{"type rm a b", `type rm: too many arguments ("a" "b"): want the type id`},
		{"type ls extra", `type ls: takes no arguments, got "extra"`},
	})
}
