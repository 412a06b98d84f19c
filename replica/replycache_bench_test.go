package replica

import (
	"container/heap"
	"testing"
	"time"
)

// BenchmarkReplyCache compares the reply cache with the one it replaced (a map of items and an
// expiry heap: heapCache below), at the steady state of a loaded member: 200,000 live replies of
// one client, each operation puts the next reply (10s retention), gets a recent one and prunes
// at a clock 50us later (20,000 calls a second).
//
//	go test -run XXX -bench ReplyCache -benchmem ./replica
func BenchmarkReplyCache(b *testing.B) {
	const live = 200000
	const step = 50 * time.Microsecond
	t0 := time.Unix(1_700_000_000, 0)
	reply := func(i uint64) CachedReply {
		return CachedReply{Request: RequestID{ClientID: "0123456789abcdef0123456789abcdef", RetentionID: i}, Seq: i,
			Expiration: t0.Add(time.Duration(i)*step + 10*time.Second), Reply: []byte("reply")}
	}
	type cache interface {
		put(CachedReply)
		get(RequestID) (CachedReply, bool)
		prune(time.Time) int
	}
	for _, tc := range []struct {
		name string
		c    cache
	}{{"ring", &replyCache{}}, {"heap", &heapCache{m: map[RequestID]*heapItem{}}}} {
		if rc, ok := tc.c.(*replyCache); ok {
			*rc = newReplyCache()
		}
		b.Run(tc.name, func(b *testing.B) {
			c := tc.c
			var i uint64
			for ; i < live; i++ { // a clock 10s ahead: the live replies are 10s' worth
				c.put(reply(i))
			}
			b.ResetTimer()
			for b.Loop() {
				c.put(reply(i))
				if _, ok := c.get(reply(i - 64).Request); !ok {
					b.Fatal("a recent reply is missing")
				}
				c.prune(t0.Add(time.Duration(i) * step))
				i++
			}
		})
	}
}

// heapCache is the reply cache before the ring (BenchmarkReplyCache's peer): every reply in a
// map by request id, and in a heap by expiration for prune.
type heapCache struct {
	m map[RequestID]*heapItem
	h heapItems
}

type heapItem struct {
	r   CachedReply
	idx int
}

type heapItems []*heapItem

func (h heapItems) Len() int           { return len(h) }
func (h heapItems) Less(i, j int) bool { return h[i].r.Expiration.Before(h[j].r.Expiration) }
func (h heapItems) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx, h[j].idx = i, j
}
func (h *heapItems) Push(x any) {
	it := x.(*heapItem)
	it.idx = len(*h)
	*h = append(*h, it)
}
func (h *heapItems) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return it
}

func (c *heapCache) get(id RequestID) (CachedReply, bool) {
	if it := c.m[id]; it != nil {
		return it.r, true
	}
	return CachedReply{}, false
}

func (c *heapCache) put(r CachedReply) {
	if old := c.m[r.Request]; old != nil {
		heap.Remove(&c.h, old.idx)
	}
	it := &heapItem{r: r}
	c.m[r.Request] = it
	heap.Push(&c.h, it)
}

func (c *heapCache) prune(now time.Time) int {
	n := 0
	for len(c.h) > 0 && c.h[0].r.Expiration.Before(now) {
		it := heap.Pop(&c.h).(*heapItem)
		delete(c.m, it.r.Request)
		n++
	}
	return n
}
