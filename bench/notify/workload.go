package main

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/wardenft/warden/notify"
)

// The workload: fault events over a cluster of 40 locations and 200 object groups, and
// subscriptions of the shapes operators and the replication manager write. Every subscription
// has a CEL filter and the same filter as a plain Go function, for the baseline.

const (
	numLocations = 40
	numGroups    = 200
	numTemplates = 4096
)

func location(i int) string { return fmt.Sprintf("host-%02d", i) }
func group(i int) string    { return fmt.Sprintf("g-%03d", i) }

// kindMix is the share of each kind among generated events, in percent.
var kindMix = []struct {
	kind notify.Kind
	pct  int
}{
	{notify.ObjectCrashFault, 40},
	{notify.OmissionFault, 20},
	{notify.TimingFault, 15},
	{notify.HostCrashFault, 10},
	{notify.MemberRecovered, 10},
	{notify.ValueFault, 5},
}

var signals = []string{"SIGKILL", "SIGSEGV", "SIGTERM", "exit 1"}

// templates returns numTemplates events to push copies of. Evidence maps are shared by the
// copies, which the notifier allows: delivered events are read-only.
func templates(seed uint64) []notify.Event {
	r := rand.New(rand.NewPCG(seed, 11))
	out := make([]notify.Event, numTemplates)
	for i := range out {
		var kind notify.Kind
		for p, x := r.IntN(100), 0; ; x++ {
			if p < kindMix[x].pct {
				kind = kindMix[x].kind
				break
			}
			p -= kindMix[x].pct
		}
		loc := location(r.IntN(numLocations))
		e := notify.Event{Kind: kind, Domain: "prod", Location: loc, Detector: "bench",
			Severity: notify.Severity(1 + r.IntN(4))}
		if kind != notify.HostCrashFault {
			g := group(r.IntN(numGroups))
			e.TypeID, e.GroupID, e.Member = "bank.Account", g, loc+"/"+g
		}
		switch kind {
		case notify.ObjectCrashFault:
			e.Evidence = map[string]string{"signal": signals[r.IntN(len(signals))]}
		case notify.HostCrashFault:
			e.Evidence = map[string]string{"phi": fmt.Sprintf("%.1f", 8+r.Float64()*8)}
		}
		out[i] = e
	}
	return out
}

// A subscription is one consumer's filter, in CEL and as a Go function that must agree.
type subscription struct {
	cel string
	fn  func(*notify.Event) bool
}

// subscriptions returns n distinct subscriptions cycling through six shapes.
func subscriptions(n int, seed uint64) []subscription {
	r := rand.New(rand.NewPCG(seed, 12))
	subs := make([]subscription, n)
	for i := range subs {
		loc := location(r.IntN(numLocations))
		switch i % 6 {
		case 0: // the repair loop of one location's crashes
			kind := kindMix[r.IntN(3)].kind
			subs[i] = subscription{
				fmt.Sprintf(`event.kind == %q && event.location == %q`, kind, loc),
				func(e *notify.Event) bool { return e.Kind == kind && e.Location == loc },
			}
		case 1: // a team's groups
			gs := []string{group(r.IntN(numGroups)), group(r.IntN(numGroups)), group(r.IntN(numGroups))}
			subs[i] = subscription{
				fmt.Sprintf(`event.object_group_id in ["%s"]`, strings.Join(gs, `", "`)),
				func(e *notify.Event) bool {
					return e.GroupID == gs[0] || e.GroupID == gs[1] || e.GroupID == gs[2]
				},
			}
		case 2: // a pager: severe faults in one rack
			rack := loc[:len(loc)-1] // "host-1" covers host-10..host-19
			subs[i] = subscription{
				fmt.Sprintf(`event.severity_level >= 4 && event.location.startsWith(%q) && event.kind != "MemberRecovered"`, rack),
				func(e *notify.Event) bool {
					return e.Severity >= 4 && strings.HasPrefix(e.Location, rack) && e.Kind != notify.MemberRecovered
				},
			}
		case 3: // host crashes of one location
			subs[i] = subscription{
				fmt.Sprintf(`event.kind == "HostCrashFault" && event.location == %q`, loc),
				func(e *notify.Event) bool { return e.Kind == notify.HostCrashFault && e.Location == loc },
			}
		case 4: // kills at one location, from the evidence
			subs[i] = subscription{
				fmt.Sprintf(`"signal" in event.evidence && event.evidence["signal"] == "SIGKILL" && event.location == %q`, loc),
				func(e *notify.Event) bool { return e.Evidence["signal"] == "SIGKILL" && e.Location == loc },
			}
		default: // one member's whole story
			g := group(r.IntN(numGroups))
			member := loc + "/" + g
			subs[i] = subscription{
				fmt.Sprintf(`event.scope == "member" && event.member == %q`, member),
				func(e *notify.Event) bool { return e.GroupID != "" && e.Member == member },
			}
		}
	}
	return subs
}
