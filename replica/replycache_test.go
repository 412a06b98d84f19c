package replica

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func cacheString(rs []CachedReply) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%s=%d ", r.Request, r.Seq)
	}
	return strings.TrimSpace(b.String())
}

// The reply cache's snapshot is in the order replies were put, without the pruned ones and
// with a replaced reply once, at its new place; the bookkeeping behind it survives many
// prunes (the order is compacted) and a reset.
func TestReplyCacheSnapshotOrder(t *testing.T) {
	t0 := time.Unix(1000, 0)
	id := func(c string, n uint64) RequestID { return RequestID{ClientID: c, RetentionID: n} }
	put := func(c *replyCache, rid RequestID, seq uint64, exp time.Duration) {
		c.put(CachedReply{Request: rid, Seq: seq, Expiration: t0.Add(exp)})
	}
	c := newReplyCache()
	// Client "z" sorts after "a": the put order, not the request id order, is kept.
	put(&c, id("z", 1), 1, 3*time.Second)
	put(&c, id("a", 7), 2, time.Second)
	put(&c, id("m", 2), 3, 2*time.Second)
	if got, want := cacheString(c.snapshot(99)), "z/1=1 a/7=2 m/2=3"; got != want {
		t.Fatalf("snapshot: %q, want %q", got, want)
	}
	if got, want := cacheString(c.snapshot(2)), "z/1=1 a/7=2"; got != want {
		t.Fatalf("snapshot up to seq 2: %q, want %q", got, want)
	}
	put(&c, id("z", 1), 4, 3*time.Second) // replaced (a re-execution after a rollback)
	if got, want := cacheString(c.snapshot(99)), "a/7=2 m/2=3 z/1=4"; got != want {
		t.Fatalf("after a replacement: %q, want %q", got, want)
	}
	if n := c.prune(t0.Add(1500 * time.Millisecond)); n != 1 {
		t.Fatalf("prune dropped %d replies, want 1 (a/7)", n)
	}
	if got, want := cacheString(c.snapshot(99)), "m/2=3 z/1=4"; got != want {
		t.Fatalf("after a prune: %q, want %q", got, want)
	}
	if _, ok := c.get(id("a", 7)); ok {
		t.Fatal("a pruned reply is still found")
	}

	// Many puts and prunes: the order stays bounded by about twice the live replies.
	for i := range uint64(10000) {
		put(&c, id("b", i), 10+i, 10*time.Second+time.Duration(i)*time.Millisecond)
		if i%100 == 99 {
			c.prune(t0.Add(10*time.Second + time.Duration(i-50)*time.Millisecond))
		}
	}
	if live := len(c.m); len(c.order) > 2*live+2 {
		t.Fatalf("order holds %d items for %d live replies", len(c.order), live)
	}
	snap := c.snapshot(^uint64(0))
	if len(snap) != len(c.m) {
		t.Fatalf("snapshot has %d replies, the cache %d", len(snap), len(c.m))
	}
	for i := 1; i < len(snap); i++ {
		if snap[i].Seq <= snap[i-1].Seq {
			t.Fatalf("snapshot out of seq order at %d: %d after %d", i, snap[i].Seq, snap[i-1].Seq)
		}
	}
	var d replyCache
	d.reset(snap)
	if got, want := cacheString(d.snapshot(^uint64(0))), cacheString(snap); got != want {
		t.Fatal("a reset cache's snapshot differs from the replies it was reset to")
	}
}
