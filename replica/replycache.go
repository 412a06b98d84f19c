package replica

import (
	"container/heap"
	"time"
)

// replyCache is the at-most-once duplicate table: the reply of every executed call that had a
// request id, until its expiration. It holds what the member applied: entries are put when
// applied (or executed, at the primary), and the whole cache is reset when a checkpoint is
// installed.
//
// Under load it holds a reply per call of the last deadline's worth of calls (hundreds of
// thousands), and a checkpoint copies them while the member holds its locks: snapshot is
// one pass in the order the replies were put (entries are applied in seq order), with no
// sort.
type replyCache struct {
	m map[RequestID]*cacheItem
	h expiryHeap
	// order is every item in the order put; pruned and replaced items stay (gone) until
	// they are half of it.
	order []*cacheItem
	gone  int
}

type cacheItem struct {
	r    CachedReply
	idx  int
	gone bool
}

func newReplyCache() replyCache { return replyCache{m: map[RequestID]*cacheItem{}} }

func (c *replyCache) get(id RequestID) (CachedReply, bool) {
	if it := c.m[id]; it != nil {
		return it.r, true
	}
	return CachedReply{}, false
}

func (c *replyCache) put(r CachedReply) {
	if old := c.m[r.Request]; old != nil {
		heap.Remove(&c.h, old.idx)
		c.drop(old)
	}
	it := &cacheItem{r: r}
	c.m[r.Request] = it
	heap.Push(&c.h, it)
	c.order = append(c.order, it)
}

// drop marks it gone from order (the caller removed it from the heap), compacting order once
// half of it is gone.
func (c *replyCache) drop(it *cacheItem) {
	it.gone = true
	c.gone++
	if c.gone > len(c.order)/2 {
		kept := c.order[:0]
		for _, it := range c.order {
			if !it.gone {
				kept = append(kept, it)
			}
		}
		clear(c.order[len(kept):])
		c.order, c.gone = kept, 0
	}
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
		c.drop(it)
		n++
	}
	return n
}

// snapshot returns the replies of entries up to seq, in the order they were put (by seq, for
// the entries applied since the last reset): deterministic, never Go's map order.
func (c *replyCache) snapshot(seq uint64) []CachedReply {
	out := make([]CachedReply, 0, len(c.m))
	for _, it := range c.order {
		if !it.gone && it.r.Seq <= seq {
			out = append(out, it.r)
		}
	}
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
