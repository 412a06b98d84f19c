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
// with a replaced reply once, at its new place; expiry works in whole seconds; the
// bookkeeping behind it survives many puts and prunes, ids out of order or far apart, and a
// reset.
func TestReplyCache(t *testing.T) {
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
	// a/7 expires at 1001.0: kept while that second lasts, dropped once it is over.
	if n := c.prune(t0.Add(1500 * time.Millisecond)); n != 0 {
		t.Fatalf("prune within the expiration's second dropped %d replies", n)
	}
	if n := c.prune(t0.Add(2 * time.Second)); n != 1 {
		t.Fatalf("prune dropped %d replies, want 1 (a/7)", n)
	}
	if got, want := cacheString(c.snapshot(99)), "m/2=3 z/1=4"; got != want {
		t.Fatalf("after a prune: %q, want %q", got, want)
	}
	if _, ok := c.get(id("a", 7)); ok {
		t.Fatal("a pruned reply is still found")
	}
	if _, ok := c.clients["a"]; ok {
		t.Fatal("a client with no reply left is still held")
	}
	if r, ok := c.get(id("z", 1)); !ok || r.Seq != 4 {
		t.Fatalf("get z/1: %v %v, want the replacement (seq 4)", r, ok)
	}

	// One client, ids out of order, one far past the window and one before it: all found,
	// each exactly once, until they expire.
	ids := []uint64{100, 102, 101, 105, 103, 104, 100 + maxWindowGap*3, 50}
	for i, rid := range ids {
		put(&c, id("b", rid), 10+uint64(i), 5*time.Second)
	}
	for _, rid := range ids {
		if _, ok := c.get(id("b", rid)); !ok {
			t.Fatalf("b/%d not found", rid)
		}
	}
	if _, ok := c.get(id("b", 106)); ok {
		t.Fatal("b/106 found: it was never put")
	}
	if n := c.prune(t0.Add(6 * time.Second)); n != 2+len(ids) {
		t.Fatalf("prune at 1006 dropped %d replies, want %d", n, 2+len(ids))
	}
	if c.len() != 0 || len(c.clients) != 0 || len(c.buckets) != 0 {
		t.Fatalf("after everything expired: %d replies, %d clients, %d buckets", c.len(), len(c.clients), len(c.buckets))
	}

	// Many puts and prunes: the order stays bounded by about twice the live replies, and
	// the snapshot is in seq order.
	for i := range uint64(10000) {
		put(&c, id("b", i), 100+i, 10*time.Second+time.Duration(i)*time.Millisecond)
		if i%100 == 99 {
			c.prune(t0.Add(10*time.Second + time.Duration(i-1000)*time.Millisecond))
		}
	}
	if live := c.len(); len(c.order) > 2*live+2 {
		t.Fatalf("order holds %d items for %d live replies", len(c.order), live)
	}
	snap := c.snapshot(^uint64(0))
	if len(snap) != c.len() || len(snap) == 0 || len(snap) == 10000 {
		t.Fatalf("snapshot has %d replies, the cache %d (some, not all, should have expired)", len(snap), c.len())
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

	// A reply from long ago (a checkpoint's, installed late) and a quiet spell of a day:
	// prune goes by the buckets there are, not by every second.
	var e replyCache
	e.reset([]CachedReply{{Request: id("o", 1), Seq: 1, Expiration: time.Unix(5, 0)}, {Request: id("o", 2), Seq: 2, Expiration: t0.Add(time.Hour)}})
	if n := e.prune(t0.Add(24 * time.Hour)); n != 2 || e.len() != 0 {
		t.Fatalf("prune after a day dropped %d replies, %d left", n, e.len())
	}
}
