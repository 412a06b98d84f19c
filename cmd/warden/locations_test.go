package main

import (
	"regexp"
	"testing"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

func TestLocationsVerb(t *testing.T) {
	t.Parallel()
	m := startTestManager(t)
	if out := m.ok(t, "locations", "-o", "json"); out != "[]\n" {
		t.Errorf("locations -o json, none registered: %q", out)
	}
	m.registerLocation(t, "host-b", "10.0.0.2:7600", 42, nil)
	m.registerLocation(t, "host-a", "10.0.0.1:7600", 18446744073709551615, map[string]string{"zone": "eu-1", "rack": "r7"})
	out := m.ok(t, "locations")
	for _, re := range []string{`(?m)^LOCATION +STATE +AGENT +INCARNATION +LABELS +SINCE$`,
		`(?m)^host-a +UP +10\.0\.0\.1:7600 +18446744073709551615 +rack=r7,zone=eu-1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`,
		`(?m)^host-b +UP +10\.0\.0\.2:7600 +42 +- +\d{4}-`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("locations does not match %s:\n%s", re, out)
		}
	}
	ls := fromJSONList(t, m.ok(t, "locations", "-o", "json"), func() *managerv1.Location { return &managerv1.Location{} })
	if len(ls) != 2 || ls[0].GetName() != "host-a" || ls[0].GetLabels()["rack"] != "r7" || ls[0].GetIncarnation() != 18446744073709551615 ||
		ls[1].GetAgentAddress() != "10.0.0.2:7600" || ls[1].GetState() != managerv1.LocationState_LOCATION_STATE_UP {
		t.Errorf("locations -o json: %v", ls)
	}
}
