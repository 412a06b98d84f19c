package replica

import (
	"slices"
	"time"
)

// replyCache is the at-most-once duplicate table: the reply of every executed call that had a
// request id, until its expiration. It holds what the member applied: entries are put when
// applied (or executed, at the primary), and the whole cache is reset when a checkpoint is
// installed.
//
// Under load it holds a reply per call of the last deadline's worth of calls (hundreds of
// thousands), and every member touches it for every entry, so it is laid out for that:
//
//   - Replies are found by client, then by retention id in a window of consecutive ids (a
//     client numbers its calls with a counter; an id far from the window goes to a map).
//   - Expiry works in whole seconds: each reply is in the bucket of the second its expiration
//     falls in, and prune drops the buckets of the seconds already over. A reply may outlive
//     its expiration by up to a second, which is harmless: a call that arrives after its
//     expiration is refused before the cache is asked.
//   - A checkpoint's snapshot is one pass in the order replies were put (entries are applied
//     in seq order), with no sort: it is taken under the member's locks.
type replyCache struct {
	clients map[string]*clientReplies
	buckets map[int64][]*cacheItem // by the Unix second of the expiration
	oldest  int64                  // no bucket is older than this second
	// order is every item in the order put; pruned and replaced items stay (gone) until
	// they are half of it.
	order []*cacheItem
	gone  int
}

type cacheItem struct {
	r    CachedReply
	gone bool
}

// clientReplies holds one client's replies: win[i] is retention id base+i (nil: none), far
// the ids outside the window.
type clientReplies struct {
	base uint64
	win  []*cacheItem
	far  map[uint64]*cacheItem
}

// maxWindowGap bounds how far past its window a client's retention id may be and still
// extend it (with empty slots); a farther id goes to the client's map.
const maxWindowGap = 4096

func newReplyCache() replyCache {
	return replyCache{clients: map[string]*clientReplies{}, buckets: map[int64][]*cacheItem{}}
}

func (c *replyCache) get(id RequestID) (CachedReply, bool) {
	if cl := c.clients[id.ClientID]; cl != nil {
		if it := cl.find(id.RetentionID); it != nil {
			return it.r, true
		}
	}
	return CachedReply{}, false
}

func (c *replyCache) put(r CachedReply) {
	cl := c.clients[r.Request.ClientID]
	if cl == nil {
		cl = &clientReplies{}
		c.clients[r.Request.ClientID] = cl
	}
	if old := cl.find(r.Request.RetentionID); old != nil {
		cl.remove(old.r.Request.RetentionID)
		c.drop(old)
	}
	it := &cacheItem{r: r}
	cl.place(r.Request.RetentionID, it)
	sec := r.Expiration.Unix()
	if len(c.buckets) == 0 || sec < c.oldest {
		c.oldest = sec
	}
	c.buckets[sec] = append(c.buckets[sec], it)
	c.order = append(c.order, it)
}

// drop marks it gone from order (and from its bucket: prune skips it), compacting order once
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

// prune drops the replies that expired in a second that is over at now, and returns how many.
// The member refuses calls that arrive after their expiration, so a forgotten reply is never
// asked for.
func (c *replyCache) prune(now time.Time) int {
	end := now.Unix() // the buckets before this second are over
	if len(c.buckets) == 0 || c.oldest >= end {
		return 0
	}
	secs := make([]int64, 0, 4)
	if span := end - c.oldest; span <= int64(len(c.buckets)) {
		for s := c.oldest; s < end; s++ {
			if _, ok := c.buckets[s]; ok {
				secs = append(secs, s)
			}
		}
	} else { // a long quiet spell, or a reply from long ago: fewer buckets than seconds
		for s := range c.buckets {
			if s < end {
				secs = append(secs, s)
			}
		}
		slices.Sort(secs)
	}
	n := 0
	for _, s := range secs {
		for _, it := range c.buckets[s] {
			if it.gone {
				continue
			}
			id := it.r.Request
			cl := c.clients[id.ClientID]
			cl.remove(id.RetentionID)
			if cl.empty() {
				delete(c.clients, id.ClientID)
			}
			c.drop(it)
			n++
		}
		delete(c.buckets, s)
	}
	c.oldest = end
	return n
}

// snapshot returns the replies of entries up to seq, in the order they were put (by seq, for
// the entries applied since the last reset): deterministic, never Go's map order.
func (c *replyCache) snapshot(seq uint64) []CachedReply {
	out := make([]CachedReply, 0, c.len())
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

func (cl *clientReplies) find(rid uint64) *cacheItem {
	if rid >= cl.base && rid-cl.base < uint64(len(cl.win)) {
		return cl.win[rid-cl.base]
	}
	return cl.far[rid]
}

func (cl *clientReplies) place(rid uint64, it *cacheItem) {
	switch {
	case len(cl.win) == 0:
		cl.base, cl.win = rid, append(cl.win, it)
	case rid >= cl.base && rid-cl.base < uint64(len(cl.win))+maxWindowGap:
		off := int(rid - cl.base)
		for len(cl.win) <= off {
			cl.win = append(cl.win, nil)
		}
		cl.win[off] = it
	default:
		if cl.far == nil {
			cl.far = map[uint64]*cacheItem{}
		}
		cl.far[rid] = it
	}
}

// remove empties rid's slot; the window then starts at its first reply.
func (cl *clientReplies) remove(rid uint64) {
	if rid < cl.base || rid-cl.base >= uint64(len(cl.win)) {
		delete(cl.far, rid)
		return
	}
	cl.win[rid-cl.base] = nil
	k := 0
	for k < len(cl.win) && cl.win[k] == nil {
		k++
	}
	cl.win, cl.base = cl.win[k:], cl.base+uint64(k)
	if len(cl.win) == 0 {
		cl.win = nil // let the next place start the window anew
	}
}

func (cl *clientReplies) empty() bool { return len(cl.win) == 0 && len(cl.far) == 0 }

// len returns the number of replies held.
func (c *replyCache) len() int { return len(c.order) - c.gone }
