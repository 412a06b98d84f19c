package analyze

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkObserve feeds a steady stream of member faults, recoveries and restarts over 50
// hosts, with an occasional host fault and recovery, at one event per 10ms. The cost per
// event grows with the number of subjects that have state (deadlines are found by a scan).
func BenchmarkObserve(b *testing.B) {
	for _, members := range []int{100, 1000} {
		b.Run(fmt.Sprintf("members=%d", members), func(b *testing.B) {
			a, _ := New(DefaultConfig())
			r := rand.New(rand.NewPCG(1, 2))
			at := scriptEpoch
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				at = at.Add(10 * time.Millisecond)
				m := r.IntN(members)
				ev := Event{ID: fmt.Sprint(i), Time: at, Location: fmt.Sprintf("h%d", m%50), GroupID: "g", Member: fmt.Sprint(m)}
				switch p := r.IntN(100); {
				case p < 1:
					ev.GroupID, ev.Member, ev.Kind = "", "", HostCrashFault
				case p < 2:
					ev.GroupID, ev.Member, ev.Kind = "", "", HostRecovered
				case p < 50:
					ev.Kind = ObjectCrashFault
				case p < 90:
					ev.Kind = MemberRecovered
				default:
					a.Restarted(ev.Subject(), at)
					continue
				}
				if _, err := a.Observe(ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
