package main

import (
	"regexp"
	"strings"
	"testing"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

// propRows parses the table of 'props get' into name -> "value source".
func propRows(t *testing.T, out string) map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 12 || !regexp.MustCompile(`^PROPERTY +VALUE +SOURCE$`).MatchString(lines[0]) {
		t.Fatalf("props get: want a header and 11 properties:\n%s", out)
	}
	rows := map[string]string{}
	sp := regexp.MustCompile(`\s{2,}`)
	for _, l := range lines[1:] {
		f := sp.Split(l, -1)
		if len(f) != 3 {
			t.Fatalf("props get: row %q", l)
		}
		rows[f[0]] = f[1] + " " + f[2]
	}
	return rows
}

func wantRows(t *testing.T, what string, rows map[string]string, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if rows[k] != v {
			t.Errorf("%s: %s is %q, want %q", what, k, rows[k], v)
		}
	}
}

// Properties resolve builtin < default < type < group, and props get says where each value
// comes from; rm lets the lower level show through again.
func TestPropsPrecedence(t *testing.T) {
	t.Parallel()
	m := startTestManager(t)
	m.ok(t, "type", "register", "counter", "--command", "/bin/sleep", "--arg", "1000")
	m.ok(t, "group", "create", "g1", "--type", "counter", "MembershipStyle=application_controlled", "InitialNumberMembers=4")

	if out := m.ok(t, "props", "set", "FaultMonitoringInterval=2s", "CheckpointInterval=1m"); out != "defaults: set FaultMonitoringInterval=2s CheckpointInterval=1m0s\n" {
		t.Errorf("props set (defaults): %q", out)
	}
	if out := m.ok(t, "props", "set", "--type", "counter", "replicationstyle=warm_passive", "FaultMonitoringInterval=3s", "Factories=host-a,host-b"); out != "type counter: set ReplicationStyle=WARM_PASSIVE FaultMonitoringInterval=3s Factories=host-a,host-b\n" {
		t.Errorf("props set --type: %q", out)
	}
	m.ok(t, "props", "set", "--group", "g1", "FaultMonitoringInterval=500ms", "FaultMonitoringStyle=push")

	rows := propRows(t, m.ok(t, "props", "get", "--group", "g1"))
	wantRows(t, "group g1", rows, map[string]string{
		"ReplicationStyle":        "WARM_PASSIVE type",
		"MembershipStyle":         "APPLICATION_CONTROLLED group",
		"FaultMonitoringStyle":    "PUSH group",
		"InitialNumberMembers":    "4 group",
		"MinimumNumberMembers":    "2 builtin",
		"FaultMonitoringInterval": "500ms group",
		"FaultMonitoringTimeout":  "500ms builtin",
		"CheckpointInterval":      "1m0s default",
		"Factories":               "host-a,host-b type",
	})

	// The same as JSON: GetPropertiesResponse.
	r := &managerv1.GetPropertiesResponse{}
	fromJSON(t, m.ok(t, "props", "get", "--group", "g1", "-o", "json"), r)
	if r.GetProperties().GetFaultMonitoringInterval().AsDuration().String() != "500ms" || r.GetProperties().GetMinimumNumberMembers() != 2 {
		t.Errorf("props get -o json: %v", r.GetProperties())
	}
	src := map[managerv1.PropertyName]managerv1.PropertySource{}
	for _, o := range r.GetOrigins() {
		src[o.GetName()] = o.GetSource()
	}
	if len(src) != 11 || src[managerv1.PropertyName_PROPERTY_NAME_REPLICATION_STYLE] != managerv1.PropertySource_PROPERTY_SOURCE_TYPE ||
		src[managerv1.PropertyName_PROPERTY_NAME_CHECKPOINT_INTERVAL] != managerv1.PropertySource_PROPERTY_SOURCE_DEFAULT {
		t.Errorf("props get -o json origins: %v", r.GetOrigins())
	}

	// A type's view: its own level over the defaults.
	wantRows(t, "type counter", propRows(t, m.ok(t, "props", "get", "--type", "counter")), map[string]string{
		"ReplicationStyle":        "WARM_PASSIVE type",
		"MembershipStyle":         "INFRASTRUCTURE_CONTROLLED builtin",
		"FaultMonitoringInterval": "3s type",
		"CheckpointInterval":      "1m0s default",
		"Factories":               "host-a,host-b type",
	})
	wantRows(t, "defaults", propRows(t, m.ok(t, "props", "get")), map[string]string{
		"ReplicationStyle":        "STATELESS builtin",
		"FaultMonitoringInterval": "2s default",
		"Factories":               "(any location) builtin",
	})

	// rm: the group's interval goes, the type's shows through; then the type's, the default's.
	if out := m.ok(t, "props", "rm", "--group", "g1", "faultmonitoringinterval"); out != "group g1: removed FaultMonitoringInterval\n" {
		t.Errorf("props rm: %q", out)
	}
	wantRows(t, "after rm --group", propRows(t, m.ok(t, "props", "get", "--group", "g1")), map[string]string{"FaultMonitoringInterval": "3s type"})
	m.ok(t, "props", "rm", "--type", "counter", "FaultMonitoringInterval", "Factories")
	wantRows(t, "after rm --type", propRows(t, m.ok(t, "props", "get", "--group", "g1")), map[string]string{
		"FaultMonitoringInterval": "2s default", "Factories": "(any location) builtin", "ReplicationStyle": "WARM_PASSIVE type"})
	r = &managerv1.GetPropertiesResponse{}
	fromJSON(t, m.ok(t, "props", "rm", "FaultMonitoringInterval", "-o", "json"), r) // -o json: the level's resolved properties
	if r.GetProperties().GetFaultMonitoringInterval().AsDuration().String() != "1s" {
		t.Errorf("props rm -o json: %v", r)
	}
	wantRows(t, "after rm (defaults)", propRows(t, m.ok(t, "props", "get", "--group", "g1")), map[string]string{"FaultMonitoringInterval": "1s builtin"})

	// props set -o json prints the resolved properties after the change.
	r = &managerv1.GetPropertiesResponse{}
	fromJSON(t, m.ok(t, "props", "set", "--group", "g1", "MinimumNumberMembers=3", "-o", "json"), r)
	if r.GetProperties().GetMinimumNumberMembers() != 3 {
		t.Errorf("props set -o json: %v", r)
	}

	// Properties of a type not registered yet are kept (with a note); a type with neither
	// registration nor properties is an error.
	stdout, stderr, err := runCLI(t.Context(), "", nil, "props", "set", "--type", "later", "MinimumNumberMembers=1", "--manager", m.addr)
	if err != nil || stdout != "type later: set MinimumNumberMembers=1\n" || !strings.Contains(stderr, "note: type later is not registered (yet)") {
		t.Errorf("props set --type later: %v %q %q", err, stdout, stderr)
	}
	wantRows(t, "type later", propRows(t, m.ok(t, "props", "get", "--type", "later")), map[string]string{"MinimumNumberMembers": "1 type"})
	m.fails(t, `type "nosuch" is not registered (warden type ls lists them)`, "props", "get", "--type", "nosuch")

	// Errors from the manager: invalid and unsupported values, unknown groups.
	m.fails(t, "invalid property MinimumNumberMembers=5 (group g1): greater than InitialNumberMembers=4", "props", "set", "--group", "g1", "MinimumNumberMembers=5")
	m.fails(t, "invalid property InitialNumberMembers=0 (group g1): must be between 1 and 64", "props", "set", "--group", "g1", "MinimumNumberMembers=1", "InitialNumberMembers=0")
	m.fails(t, "unsupported property ReplicationStyle=ACTIVE_WITH_VOTING (group g1): voting needs at least 3 members", "props", "set", "--group", "g1", "ReplicationStyle=active_with_voting", "MinimumNumberMembers=2")
	m.fails(t, "invalid property FaultMonitoringTimeout=-1s", "props", "set", "FaultMonitoringTimeout=-1s")
	m.fails(t, `invalid property Factories=[a,a]`, "props", "set", "--type", "counter", "Factories=a,a")
	m.fails(t, `object group "nosuch" not found (warden group ls lists them)`, "props", "get", "--group", "nosuch")
	m.fails(t, `object group "nosuch" not found`, "props", "set", "--group", "nosuch", "MinimumNumberMembers=1")
	m.fails(t, `object group "nosuch" not found`, "props", "rm", "--group", "nosuch", "MinimumNumberMembers")

	// A refused set changes nothing, not even the valid properties beside the bad one.
	wantRows(t, "after refused sets", propRows(t, m.ok(t, "props", "get", "--group", "g1")), map[string]string{
		"MinimumNumberMembers": "3 group", "ReplicationStyle": "WARM_PASSIVE type", "FaultMonitoringTimeout": "500ms builtin"})
}

// Malformed props invocations are refused before anything is sent; one bad Name=Value among
// good ones sends none of them.
func TestPropsBadArgs(t *testing.T) {
	t.Parallel()
	checkBadArgs(t, []badArg{
		{"props get --type t --group g", `--type "t" and --group "g": give one of them`},
		{"props get --group=", "--group: empty"},
		{"props set", "props set: want at least one Name=Value"},
		{"props set MinimumNumberMembers", `"MinimumNumberMembers": want Name=Value`},
		{"props set =2", `"=2": want Name=Value`},
		{"props set --group g1 Bogus=1", `"Bogus=1": unknown property "Bogus" (known: ReplicationStyle, MembershipStyle`},
		{"props set --group g1 MinimumNumberMembers=2 Bogus=1", `unknown property "Bogus"`},
		{"props set MinimumNumberMembers=two", "invalid property MinimumNumberMembers=two: not a number"},
		{"props set ReplicationStyle=passive", "invalid property ReplicationStyle=passive: must be one of ACTIVE, ACTIVE_WITH_VOTING, COLD_PASSIVE, STATELESS, WARM_PASSIVE"},
		{"props set FaultMonitoringInterval=soon", "invalid property FaultMonitoringInterval=soon: not a duration"},
		{"props set minimumnumbermembers=2 MinimumNumberMembers=3", `"MinimumNumberMembers=3": MinimumNumberMembers is already set by "minimumnumbermembers=2"`},
		{"props set --type t --group g MinimumNumberMembers=2", "give one of them"},
		{"props rm", "props rm: want at least one property name"},
		{"props rm --group g1 Bogus", `unknown property "Bogus"`},
		{"props rm --group g1 MinimumNumberMembers=2", `"MinimumNumberMembers=2": props rm takes property names, not Name=Value`},
	})
}
