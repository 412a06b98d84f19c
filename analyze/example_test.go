package analyze_test

import (
	"fmt"
	"time"

	"github.com/wardenft/warden/analyze"
)

// A host crash: the process watcher reports member m1 first, the host's heartbeat timeout
// follows and takes m1's incident over, and m2's fault joins it. Placement avoids host-a
// until it recovers.
func Example() {
	a, err := analyze.New(analyze.DefaultConfig())
	if err != nil {
		panic(err)
	}
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	show := func(out []analyze.Output, err error) {
		if err != nil {
			panic(err)
		}
		for _, o := range out {
			fmt.Println(o.At.Sub(t0), o.Kind, o.Incident.ID, "cause:", o.Incident.Cause.ID, "consequences:", len(o.Incident.Consequences))
		}
	}
	show(a.Observe(analyze.Event{ID: "e1", Kind: analyze.ObjectCrashFault, Time: t0,
		Location: "host-a", GroupID: "bank", Member: "m1", Detector: "process"}))
	show(a.Observe(analyze.Event{ID: "e2", Kind: analyze.HostCrashFault, Time: t0.Add(4 * time.Second),
		Location: "host-a", Detector: "heartbeat-phi"}))
	show(a.Observe(analyze.Event{ID: "e3", Kind: analyze.OmissionFault, Time: t0.Add(5 * time.Second),
		Location: "host-a", GroupID: "counter", Member: "m2", Detector: "grpc-health"}))

	fmt.Println(a.MayPlace("host-a", "").Err)
	fmt.Println(a.MayPlace("host-b", "").Allowed())
	// Output:
	// 0s IncidentOpened inc-e1 cause: e1 consequences: 0
	// 4s IncidentOpened inc-e2 cause: e2 consequences: 1
	// 4s IncidentMerged inc-e1 cause: e1 consequences: 0
	// 5s IncidentUpdated inc-e2 cause: e2 consequences: 2
	// analyze: down: location=host-a: fault e2 (incident inc-e2) has not recovered
	// true
}
