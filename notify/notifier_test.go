package notify_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardenft/warden/notify"
)

func TestPushDeliversMatchingEventsInOrder(t *testing.T) {
	n, _ := newNotifier(t, nil)
	a, err := n.ConnectChannel(notify.MustCompileFilter(`event.location == "host-a"`), notify.ConsumerOptions{Name: "a"})
	if err != nil {
		t.Fatal(err)
	}
	all, err := n.ConnectChannel(nil, notify.ConsumerOptions{Name: "all"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 10 {
		loc := []string{"host-a", "host-b"}[i%2]
		id, err := n.Push(crash(loc, fmt.Sprint("g", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for i := range 10 {
		d := recv(t, all.C())
		if d.Event.ID != ids[i] || d.Event.Seq != uint64(i+1) || d.Dropped != 0 {
			t.Fatalf("all: delivery %d is %s seq %d dropped %d, want %s seq %d", i, d.Event.ID, d.Event.Seq, d.Dropped, ids[i], i+1)
		}
		if !d.Event.Time.Equal(t0) {
			t.Errorf("time %v, want the clock's %v", d.Event.Time, t0)
		}
	}
	for i := 0; i < 10; i += 2 {
		if d := recv(t, a.C()); d.Event.ID != ids[i] {
			t.Fatalf("a: got %s, want %s", d.Event.ID, ids[i])
		}
	}
	mustSync(t, n)
	if len(a.C()) != 0 {
		t.Errorf("a has %d more deliveries", len(a.C()))
	}
	if s := n.Stats(); s.Pushed != 10 || s.Committed != 10 || s.Consumers != 2 {
		t.Errorf("stats %+v", s)
	}
}

// TestSlowConsumerDropsAndIsTold: a consumer that does not read loses events, counted and
// reported on its next delivery, while another consumer and the producer carry on.
func TestSlowConsumerDropsAndIsTold(t *testing.T) {
	n, _ := newNotifier(t, nil)
	slow, err := n.ConnectChannel(nil, notify.ConsumerOptions{Name: "slow", QueueLen: 4})
	if err != nil {
		t.Fatal(err)
	}
	fast, err := n.ConnectChannel(nil, notify.ConsumerOptions{Name: "fast", QueueLen: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		if _, err := n.Push(crash("host-a", fmt.Sprint(i))); err != nil {
			t.Fatalf("push %d: %v", i, err)
		}
	}
	mustSync(t, n)
	for i := range 100 {
		if d := recv(t, fast.C()); d.Event.Seq != uint64(i+1) || d.Dropped != 0 {
			t.Fatalf("fast consumer: %d: seq %d dropped %d", i, d.Event.Seq, d.Dropped)
		}
	}
	st := slow.Stats()
	if st.Delivered != 4 || st.Dropped != 96 || st.Queued != 4 {
		t.Fatalf("slow consumer stats %+v, want 4 delivered, 96 dropped", st)
	}
	for i := range 4 {
		recv(t, slow.C())
		_ = i
	}
	if _, err := n.Push(crash("host-a", "late")); err != nil {
		t.Fatal(err)
	}
	d := recv(t, slow.C())
	if d.Event.GroupID != "late" || d.Dropped != 96 || d.DroppedTotal != 96 {
		t.Errorf("after draining: %s dropped %d total %d, want late, 96, 96", d.Event.GroupID, d.Dropped, d.DroppedTotal)
	}
}

func TestDisconnect(t *testing.T) {
	n, _ := newNotifier(t, nil)
	c, err := n.ConnectChannel(nil, notify.ConsumerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.Push(crash("h", "g")); err != nil {
		t.Fatal(err)
	}
	mustSync(t, n)
	if err := n.Disconnect(c.ID()); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Push(crash("h", "after")); err != nil {
		t.Fatal(err)
	}
	// The event queued before Disconnect is still read; then the channel closes.
	if d := recv(t, c.C()); d.Event.GroupID != "g" {
		t.Fatalf("got %s", d.Event.GroupID)
	}
	if d, ok := <-c.C(); ok {
		t.Fatalf("delivery after disconnect: %+v", d.Event)
	}
	<-c.Done()
	if err := n.Disconnect(c.ID()); !errors.Is(err, notify.ErrUnknownConsumer) {
		t.Errorf("second Disconnect = %v, want ErrUnknownConsumer", err)
	}
	if _, err := n.Consumer("nope"); !errors.Is(err, notify.ErrUnknownConsumer) {
		t.Errorf("Consumer(nope) = %v", err)
	}
	if len(n.Consumers()) != 0 {
		t.Errorf("consumers left: %d", len(n.Consumers()))
	}
}

func TestDuplicateIDsAreIgnored(t *testing.T) {
	n, _ := newNotifier(t, nil)
	c, _ := n.ConnectChannel(nil, notify.ConsumerOptions{})
	for range 3 {
		e := crash("h", "g")
		e.ID = "retried-1"
		if id, err := n.Push(e); err != nil || id != "retried-1" {
			t.Fatalf("Push = %q, %v", id, err)
		}
	}
	mustSync(t, n)
	if len(c.C()) != 1 {
		t.Errorf("%d deliveries, want 1", len(c.C()))
	}
	if s := n.Stats(); s.Duplicates != 2 || s.Committed != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestPushRejectsBadInputAndChangesNothing(t *testing.T) {
	n, _ := newNotifier(t, nil)
	good := crash("h", "g")
	bad := &notify.Event{Kind: "no spaces"}
	_, err := n.PushBatch([]*notify.Event{good, bad})
	var fe *notify.FieldError
	if !errors.As(err, &fe) || fe.Field != "events[1].kind" {
		t.Fatalf("PushBatch = %v, want a FieldError for events[1].kind", err)
	}
	if _, err := n.Push(&notify.Event{}); !errors.Is(err, notify.ErrInvalid) {
		t.Errorf("Push(empty) = %v", err)
	}
	mustSync(t, n)
	if s := n.Stats(); s.Pushed != 0 || good.ID != "" {
		t.Errorf("after rejected pushes: stats %+v, good.ID %q", s, good.ID)
	}
}

func TestIntakeFullIsOverloaded(t *testing.T) {
	block := make(chan struct{})
	h := &blockingHistory{MemHistory: mustMemHistory(t, 100), entered: make(chan struct{}, 1), release: block}
	n, _ := newNotifier(t, func(c *notify.Config) {
		c.History = h
		c.IntakeQueueLen = 3
	})
	defer close(block)
	if _, err := n.Push(crash("h", "first")); err != nil { // taken by the dispatcher, which blocks in Append
		t.Fatal(err)
	}
	<-h.entered
	if _, err := n.PushBatch([]*notify.Event{crash("h", "1"), crash("h", "2")}); err != nil {
		t.Fatal(err)
	}
	refused := []*notify.Event{crash("h", "3"), crash("h", "4")}
	if _, err := n.PushBatch(refused); !errors.Is(err, notify.ErrOverloaded) {
		t.Fatalf("push beyond the intake = %v, want ErrOverloaded", err)
	}
	if refused[0].ID != "" || !refused[0].Time.IsZero() {
		t.Errorf("a refused event was changed: %+v", refused[0])
	}
	if _, err := n.Push(crash("h", "3")); err != nil {
		t.Fatalf("push that fits: %v", err)
	}
	if s := n.Stats(); s.Overloaded != 2 || s.Pushed != 4 {
		t.Errorf("stats %+v", s)
	}
}

type blockingHistory struct {
	*notify.MemHistory
	entered chan struct{}
	release chan struct{}
}

func (h *blockingHistory) Append(ctx context.Context, evs []*notify.Event) error {
	select {
	case h.entered <- struct{}{}:
	default:
	}
	select {
	case <-h.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return h.MemHistory.Append(ctx, evs)
}

func mustMemHistory(t *testing.T, limit int) *notify.MemHistory {
	h, err := notify.NewMemHistory(limit)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestCommitErrorIsNotDelivered(t *testing.T) {
	n, _ := newNotifier(t, func(c *notify.Config) { c.History = failingHistory{} })
	c, _ := n.ConnectChannel(nil, notify.ConsumerOptions{})
	if _, err := n.Push(crash("h", "g")); err != nil {
		t.Fatal(err)
	}
	mustSync(t, n)
	if len(c.C()) != 0 || n.Stats().CommitErrors != 1 {
		t.Errorf("deliveries %d, stats %+v", len(c.C()), n.Stats())
	}
}

type failingHistory struct{ notify.History }

func (failingHistory) Append(context.Context, []*notify.Event) error {
	return errors.New("not the leader")
}

func TestCloseDrainsAndDisconnects(t *testing.T) {
	n, _ := newNotifier(t, nil)
	c, _ := n.ConnectChannel(nil, notify.ConsumerOptions{QueueLen: 100})
	for i := range 50 {
		if _, err := n.Push(crash("h", fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	got := 0
	for range c.C() {
		got++
	}
	if got != 50 {
		t.Errorf("%d deliveries after Close, want all 50", got)
	}
	if _, err := n.Push(crash("h", "late")); !errors.Is(err, notify.ErrClosed) {
		t.Errorf("Push after Close = %v", err)
	}
	if _, err := n.ConnectChannel(nil, notify.ConsumerOptions{}); !errors.Is(err, notify.ErrClosed) {
		t.Errorf("Connect after Close = %v", err)
	}
	if err := n.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

// TestConcurrentProducersAndConsumers runs producers, connects and disconnects at once (for
// the race detector) and checks that a consumer connected throughout sees every event once,
// in seq order.
func TestConcurrentProducersAndConsumers(t *testing.T) {
	n, _ := newNotifier(t, nil)
	steady, _ := n.ConnectChannel(nil, notify.ConsumerOptions{QueueLen: 8000})
	const producers, each = 4, 1000
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range each {
				e := crash(fmt.Sprint("host-", p), fmt.Sprint(i))
				if _, err := n.Push(e); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 50 {
			c, err := n.ConnectChannel(notify.MustCompileFilter(`event.location == "host-1"`), notify.ConsumerOptions{QueueLen: 8})
			if err != nil {
				t.Error(err)
				return
			}
			if i%2 == 0 {
				c.Disconnect()
			}
		}
	})
	wg.Wait()
	mustSync(t, n)
	var last uint64
	for range producers * each {
		d := recv(t, steady.C())
		if d.Event.Seq != last+1 {
			t.Fatalf("seq %d after %d", d.Event.Seq, last)
		}
		last = d.Event.Seq
	}
	if s := steady.Stats(); s.Dropped != 0 {
		t.Errorf("steady consumer dropped %d", s.Dropped)
	}
}

func TestConfigValidateQuotesEveryBadValue(t *testing.T) {
	c := notify.DefaultConfig()
	c.Clock = nil
	c.IntakeQueueLen = -1
	c.ConsumerQueueLen = 10
	c.MaxConsumerQueueLen = 5
	err := c.Validate()
	for _, want := range []string{"Clock is nil", "IntakeQueueLen -1", "ConsumerQueueLen 10, MaxConsumerQueueLen 5"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to say %q", err, want)
		}
	}
	if err := notify.DefaultConfig().Validate(); err != nil {
		t.Errorf("DefaultConfig invalid: %v", err)
	}
	if _, err := notify.New(c); err == nil {
		t.Error("New accepted a bad config")
	}
}

func TestConsumerOptionsValidated(t *testing.T) {
	n, _ := newNotifier(t, nil)
	_, err := n.ConnectChannel(nil, notify.ConsumerOptions{QueueLen: 1 << 20})
	var fe *notify.FieldError
	if !errors.As(err, &fe) || fe.Field != "queue_length" {
		t.Errorf("huge queue = %v", err)
	}
	if len(n.Consumers()) != 0 {
		t.Error("a consumer was connected")
	}
}

// TestBatchesSplitAtMaxBatch pushes batches larger than MaxBatch while the dispatcher works,
// so the intake is split and double-buffered; every event arrives once, in order.
func TestBatchesSplitAtMaxBatch(t *testing.T) {
	n, _ := newNotifier(t, func(c *notify.Config) { c.MaxBatch = 7 })
	c, _ := n.ConnectChannel(nil, notify.ConsumerOptions{QueueLen: 20000})
	for i := range 20 {
		batch := make([]*notify.Event, 0, 500)
		for j := range 500 {
			batch = append(batch, crash("h", fmt.Sprint(i*500+j)))
		}
		if _, err := n.PushBatch(batch); err != nil {
			t.Fatal(err)
		}
	}
	mustSync(t, n)
	for i := range 10000 {
		if d := recv(t, c.C()); d.Event.GroupID != fmt.Sprint(i) || d.Event.Seq != uint64(i+1) {
			t.Fatalf("delivery %d: group %s seq %d", i, d.Event.GroupID, d.Event.Seq)
		}
	}
}

// TestDispatchMatchesFilters connects consumers with generated filters, many of them with
// a top-level field == constant or field in [...] conjunct that the dispatcher indexes, pushes
// generated events, and checks that each consumer got exactly the events its filter matches
// when evaluated on its own.
func TestDispatchMatchesFilters(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 3))
	n, _ := newNotifier(t, nil)
	var filters []*notify.Filter
	var consumers []*notify.Consumer
	indexed := 0
	for i := range 80 {
		expr := genBool(r, 2)
		field := strFields[r.IntN(len(strFields))]
		switch i % 4 {
		case 0:
			expr = fmt.Sprintf("event.%s == %q && (%s)", field, vocab[r.IntN(len(vocab))], expr)
		case 1:
			expr = fmt.Sprintf("(%s) && event.%s in [%q, %q]", expr, field, vocab[r.IntN(len(vocab))], vocab[r.IntN(len(vocab))])
		case 2:
			expr = fmt.Sprintf("%q == event.%s", vocab[r.IntN(len(vocab))], field)
		}
		f, err := notify.CompileFilter(expr)
		if err != nil {
			t.Fatalf("%q: %v", expr, err)
		}
		c, err := n.ConnectChannel(f, notify.ConsumerOptions{QueueLen: 1000})
		if err != nil {
			t.Fatal(err)
		}
		filters, consumers = append(filters, f), append(consumers, c)
		if notify.IndexField(f) != "" {
			indexed++
		}
	}
	if indexed < 50 {
		t.Fatalf("only %d of 80 filters are indexed", indexed)
	}
	var pushed []*notify.Event
	for range 500 {
		e := randomEvent(r)
		e.ID = ""
		e.Kind = notify.Kind([]string{"ObjectCrashFault", "HostCrashFault", "a", "b"}[r.IntN(4)])
		pushed = append(pushed, e)
		if _, err := n.Push(e); err != nil {
			t.Fatal(err)
		}
	}
	mustSync(t, n)
	for i, c := range consumers {
		for _, e := range pushed {
			ok, _ := filters[i].Match(e)
			if !ok {
				continue
			}
			if len(c.C()) == 0 {
				t.Fatalf("seed %d: %q: event %d (%+v) matches but was not delivered", seed, filters[i].Expression(), e.Seq, e)
			}
			if d := <-c.C(); d.Event != e {
				t.Fatalf("seed %d: %q: got event %d, want %d (%+v)", seed, filters[i].Expression(), d.Event.Seq, e.Seq, e)
			}
		}
		if len(c.C()) != 0 {
			d := <-c.C()
			t.Fatalf("seed %d: %q: event %d (%+v) delivered but does not match", seed, filters[i].Expression(), d.Event.Seq, d.Event)
		}
	}
}
