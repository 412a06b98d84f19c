package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

// Every group verb against a manager, with application-controlled membership so that the
// operator's commands are the only changes: create, add-member (an external member and a
// pending one), create-member, show, ls, set-primary, locations, remove-member, watch, delete.
func TestGroupVerbs(t *testing.T) {
	t.Parallel()
	m := startTestManager(t)
	for i, l := range []string{"host-a", "host-b", "host-c"} {
		m.registerLocation(t, l, "127.0.0.1:800"+string(rune('1'+i)), uint64(100+i), map[string]string{"zone": "z" + string(rune('1'+i))})
	}
	m.ok(t, "type", "register", "counter", "--command", "/bin/sleep", "--arg", "1000")

	out := m.ok(t, "group", "create", "g1", "--type", "counter", "ReplicationStyle=WARM_PASSIVE", "MembershipStyle=APPLICATION_CONTROLLED", "InitialNumberMembers=3", "MinimumNumberMembers=1")
	if !regexp.MustCompile(`^group g1 created: type counter, WARM_PASSIVE, epoch 0, version \d+, primary - \(created\)\nno members\n$`).MatchString(out) {
		t.Errorf("group create: %q", out)
	}
	m.ok(t, "group", "create", "s1", "--type", "counter", "MembershipStyle=APPLICATION_CONTROLLED")

	// Watch g1 from here on: the current view, then each new one, one JSON object per line.
	ctx, stopWatch := context.WithCancel(context.Background())
	watchOut := newLineWriter()
	watchDone := make(chan error, 1)
	go func() {
		_, _, err := runCLI(ctx, "", watchOut, "group", "watch", "g1", "-o", "json", "--manager", m.addr)
		watchDone <- err
	}()
	watchOut.next(t, `"group_id":"g1"`)

	out = m.ok(t, "group", "add-member", "g1", "--location", "host-a", "--address", "127.0.0.1:9001")
	if !strings.Contains(out, "epoch 1") || !strings.Contains(out, "primary m1 (m1 added at host-a: operator)") ||
		!regexp.MustCompile(`m1 +host-a +127\.0\.0\.1:9001 +READY +1 +primary,external\n`).MatchString(out) {
		t.Errorf("add-member --location: %q", out)
	}
	watchOut.next(t, `"epoch":"1"`)
	v := &managerv1.View{}
	fromJSON(t, m.ok(t, "group", "add-member", "g1", "--location", "host-b", "--address", "127.0.0.1:9002", "--epoch", "1", "--reason", "test", "-o", "json"), v)
	if v.GetEpoch() != 2 || len(v.GetMembers()) != 2 || v.GetMembers()[1].GetMemberId() != "m2" || v.GetReason() != "m2 added at host-b: test" {
		t.Errorf("add-member -o json: %v", v)
	}

	out = m.ok(t, "group", "create-member", "g1", "--location", "host-c")
	if out != "group g1: member m3 being created at host-c (creation id 3); the view stays at epoch 2 until it is added\n" {
		t.Errorf("create-member: %q", out)
	}
	show := m.ok(t, "group", "show", "g1")
	for _, re := range []string{`(?m)^group +g1$`, `(?m)^epoch +2$`, `(?m)^primary +m1$`, `(?m)^style +WARM_PASSIVE$`,
		`(?m)^own properties +ReplicationStyle=WARM_PASSIVE MembershipStyle=APPLICATION_CONTROLLED InitialNumberMembers=3 MinimumNumberMembers=1$`,
		`(?m)^m2 +host-b +127\.0\.0\.1:9002 +READY +2 +external$`, `(?m)^PENDING +LOCATION +CREATION +REQUESTED BY +REQUESTED AT$`, `(?m)^m3 +host-c +3 +operator +\d{4}-`} {
		if !regexp.MustCompile(re).MatchString(show) {
			t.Errorf("group show does not match %s:\n%s", re, show)
		}
	}
	g := &managerv1.ObjectGroup{}
	fromJSON(t, m.ok(t, "group", "show", "g1", "-o", "json"), g)
	if len(g.GetPending()) != 1 || g.GetPending()[0].GetMemberId() != "m3" || g.GetView().GetEpoch() != 2 || g.GetTypeId() != "counter" {
		t.Errorf("group show -o json: %v", g)
	}
	cm := &managerv1.CreateMemberResponse{}
	fromJSON(t, m.ok(t, "group", "create-member", "s1", "--location", "host-a", "-o", "json"), cm)
	if cm.GetMember().GetMemberId() != "m1" || cm.GetMember().GetLocation() != "host-a" || cm.GetView().GetGroupId() != "s1" {
		t.Errorf("create-member -o json: %v", cm)
	}

	// The pending member, once its agent reported it ready, is added by its member id.
	out = m.ok(t, "group", "add-member", "g1", "--pending", "m3", "--address", "127.0.0.1:9003")
	if !strings.Contains(out, "epoch 3") || !regexp.MustCompile(`m3 +host-c +127\.0\.0\.1:9003 +READY +3 +-\n`).MatchString(out) {
		t.Errorf("add-member --pending: %q", out)
	}
	watchOut.next(t, `"epoch":"3"`)

	if out := m.ok(t, "group", "locations", "g1"); out != "host-a\nhost-b\nhost-c\n" {
		t.Errorf("group locations: %q", out)
	}
	if out := m.ok(t, "group", "locations", "g1", "-o", "json"); out != "[\n  \"host-a\",\n  \"host-b\",\n  \"host-c\"\n]\n" {
		t.Errorf("group locations -o json: %q", out)
	}
	if out := m.ok(t, "group", "locations", "s1", "-o", "json"); out != "[]\n" {
		t.Errorf("group locations of an empty group -o json: %q", out)
	}

	out = m.ok(t, "group", "set-primary", "g1", "--location", "host-b")
	if !strings.Contains(out, "epoch 4, version") || !strings.Contains(out, "primary m2 (m2 made primary: operator)") {
		t.Errorf("set-primary --location: %q", out)
	}
	fromJSON(t, m.ok(t, "group", "set-primary", "g1", "--member", "m3", "-o", "json"), v)
	if v.GetPrimary() != "m3" || v.GetEpoch() != 5 {
		t.Errorf("set-primary --member -o json: %v", v)
	}

	// Removing the primary promotes the one named.
	out = m.ok(t, "group", "remove-member", "g1", "--member", "m3", "--new-primary", "m2")
	if !strings.Contains(out, "epoch 6") || !strings.Contains(out, "primary m2 (m3 removed from host-c: operator; m2 promoted)") {
		t.Errorf("remove-member --member: %q", out)
	}
	watchOut.next(t, `"epoch":"6"`)
	fromJSON(t, m.ok(t, "group", "remove-member", "g1", "--location", "host-a", "-o", "json"), v)
	if v.GetEpoch() != 7 || len(v.GetMembers()) != 1 || v.GetMembers()[0].GetMemberId() != "m2" {
		t.Errorf("remove-member --location -o json: %v", v)
	}
	// remove-member also withdraws a pending creation.
	m.ok(t, "group", "create-member", "g1", "--location", "host-c")
	m.ok(t, "group", "remove-member", "g1", "--location", "host-c")
	fromJSON(t, m.ok(t, "group", "show", "g1", "-o", "json"), g)
	if len(g.GetPending()) != 0 || g.GetView().GetEpoch() != 7 {
		t.Errorf("after withdrawing a creation: %v", g)
	}

	ls := m.ok(t, "group", "ls")
	for _, re := range []string{`(?m)^GROUP +TYPE +STYLE +EPOCH +VERSION +MEMBERS +PENDING +PRIMARY$`,
		`(?m)^g1 +counter +WARM_PASSIVE +7 +\d+ +m2@host-b +- +m2$`, `(?m)^s1 +counter +STATELESS +0 +\d+ +- +m1@host-a +-$`} {
		if !regexp.MustCompile(re).MatchString(ls) {
			t.Errorf("group ls does not match %s:\n%s", re, ls)
		}
	}
	groups := fromJSONList(t, m.ok(t, "group", "ls", "-o", "json"), func() *managerv1.ObjectGroup { return &managerv1.ObjectGroup{} })
	if len(groups) != 2 || !proto.Equal(groups[0], g) {
		t.Errorf("group ls -o json: %v, want g1 as group show gave it: %v", groups, g)
	}

	// Errors from the manager.
	for _, verb := range [][]string{{"show"}, {"locations"}, {"delete"}, {"watch"}, {"add-member", "--location", "host-a", "--address", "h:1"},
		{"remove-member", "--location", "host-a"}, {"set-primary", "--member", "m1"}, {"create-member", "--location", "host-a"}} {
		args := append([]string{"group", verb[0], "nosuch"}, verb[1:]...)
		m.fails(t, `object group "nosuch" not found (warden group ls lists them)`, args...)
	}
	m.fails(t, `object group "g1" already exists`, "group", "create", "g1", "--type", "counter")
	m.fails(t, `type "nosuch" is not registered`, "group", "create", "g2", "--type", "nosuch")
	m.fails(t, "invalid property MinimumNumberMembers=4 (group g2): greater than InitialNumberMembers=3", "group", "create", "g2", "--type", "counter", "MinimumNumberMembers=4")
	m.fails(t, `group_id "g 2"`, "group", "create", "g 2", "--type", "counter")
	m.fails(t, `location "host-z" is not registered (warden locations lists them)`, "group", "add-member", "g1", "--location", "host-z", "--address", "h:1")
	m.fails(t, `location "host-z" is not registered`, "group", "create-member", "g1", "--location", "host-z")
	m.fails(t, "member already present at location: group g1 has m2 at host-b", "group", "add-member", "g1", "--location", "host-b", "--address", "h:1")
	m.fails(t, "address required for a running member", "group", "add-member", "s1", "--location", "host-b")
	m.fails(t, "member not found: group g1: no member host-z in view epoch 7", "group", "remove-member", "g1", "--location", "host-z")
	m.fails(t, "member not found: group g1: no member m9", "group", "set-primary", "g1", "--member", "m9")
	m.fails(t, `member not found: group g1: no member "m9" being created`, "group", "add-member", "g1", "--pending", "m9", "--address", "h:1")
	m.fails(t, "bad replication style: group s1 is STATELESS: only passive groups have a primary", "group", "set-primary", "s1", "--location", "host-a")
	m.fails(t, "stale epoch: group g1: view epoch is 7, not 3; read the view again (warden group show g1) and retry",
		"group", "remove-member", "g1", "--member", "m2", "--epoch", "3")

	m.fails(t, "type in use: type counter: groups g1, s1 (delete those groups first)", "type", "rm", "counter")
	if out := m.ok(t, "group", "delete", "g1"); out != "group g1 deleted\n" {
		t.Errorf("group delete: %q", out)
	}
	if err := <-watchDone; err != nil {
		t.Errorf("group watch ended with %v when its group was deleted", err)
	}
	stopWatch()
	if out := m.ok(t, "group", "delete", "s1", "-o", "json"); out != "{}\n" {
		t.Errorf("group delete -o json: %q", out)
	}
	m.fails(t, `object group "g1" not found`, "group", "show", "g1")
	if out := m.ok(t, "group", "ls", "-o", "json"); out != "[]\n" {
		t.Errorf("group ls -o json with no group: %q", out)
	}
}

// Malformed group invocations are refused before anything is sent.
func TestGroupBadArgs(t *testing.T) {
	t.Parallel()
	checkBadArgs(t, []badArg{
		{"group create", "group create: missing argument: want the group id"},
		{"group create g1", "--type is required: the member type of group g1"},
		{"group create MinimumNumberMembers=2 --type t", `group create: "MinimumNumberMembers=2": want the group id first`},
		{"group create g1 --type t MinimumNumberMembers", `"MinimumNumberMembers": want Name=Value`},
		{"group create g1 --type t Bogus=1", `unknown property "Bogus"`},
		{"group show", "group show: missing argument: want the group id"},
		{"group show g1 g2", `group show: too many arguments ("g1" "g2")`},
		{"group create-member g1", "--location is required"},
		{"group add-member g1", "--location or --pending is required"},
		{"group add-member g1 --location a --pending m1", `--location "a" and --pending "m1": give one of them`},
		{"group remove-member g1", "--location or --member is required"},
		{"group remove-member g1 --location a --member m1", `--location "a" and --member "m1": give one of them`},
		{"group set-primary g1 --location a --member m1", `--location "a" and --member "m1": give one of them`},
		{"group set-primary g1", "--location or --member is required"},
		{"group add-member g1 --location a --epoch x", `invalid argument "x" for "--epoch"`},
		{"group locations", "group locations: missing argument: want the group id"},
		{"group delete", "group delete: missing argument: want the group id"},
	})
}
