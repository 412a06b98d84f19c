package replica

import (
	"container/heap"
	"slices"
	"time"
)

// replyCache is the at-most-once duplicate table: the reply of every executed call that had a
// request id, until its expiration. It holds what the member applied: entries are put when
// applied (or executed, at the primary), and the whole cache is reset when a checkpoint is
// installed.
type replyCache struct {
	m map[RequestID]*cacheItem
	h expiryHeap
}

type cacheItem struct {
	r   CachedReply
	idx int
}

func newReplyCache() replyCache { return replyCache{m: map[RequestID]*cacheItem{}} }

func (c *replyCache) get(id RequestID) (CachedReply, bool) {
	if it := c.m[id]; it != nil {
		return it.r, true
	}
	return CachedReply{}, false
}

func (c *replyCache) put(r CachedReply) {
	if it := c.m[r.Request]; it != nil {
		it.r = r
		heap.Fix(&c.h, it.idx)
		return
	}
	it := &cacheItem{r: r}
	c.m[r.Request] = it
	heap.Push(&c.h, it)
}

// putEntry records e's reply, unless e has no request id or expired before now (a retry
// would be refused anyway).
func (c *replyCache) putEntry(e *Entry, now time.Time) {
	if e.Request.IsZero() || e.Expiration.Before(now) {
		return
	}
	c.put(CachedReply{Request: e.Request, Seq: e.Seq, Expiration: e.Expiration, Reply: e.Reply, Status: e.Status})
}

// prune drops every reply whose expiration is before now. The member refuses calls that
// arrive after their expiration, so a forgotten reply is never asked for.
func (c *replyCache) prune(now time.Time) int {
	n := 0
	for len(c.h) > 0 && c.h[0].r.Expiration.Before(now) {
		it := heap.Pop(&c.h).(*cacheItem)
		delete(c.m, it.r.Request)
		n++
	}
	return n
}

// snapshot returns the replies of entries up to seq, in request id order.
func (c *replyCache) snapshot(seq uint64) []CachedReply {
	var out []CachedReply
	for _, it := range c.m {
		if it.r.Seq <= seq {
			out = append(out, it.r)
		}
	}
	slices.SortFunc(out, func(a, b CachedReply) int { return a.Request.compare(b.Request) })
	return out
}

func (c *replyCache) reset(rs []CachedReply) {
	*c = newReplyCache()
	for _, r := range rs {
		c.put(r)
	}
}

type expiryHeap []*cacheItem

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].r.Expiration.Before(h[j].r.Expiration) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx, h[j].idx = i, j
}
func (h *expiryHeap) Push(x any) {
	it := x.(*cacheItem)
	it.idx = len(*h)
	*h = append(*h, it)
}
func (h *expiryHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return it
}
