package notify_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardenft/warden/notify"
)

// hook is a webhook receiver on loopback that fails the first failures attempts of every
// event with status, then accepts, deduplicating by Idempotency-Key as a receiver should.
type hook struct {
	*httptest.Server
	failures int
	status   int

	mu       sync.Mutex
	attempts map[string][]int // Idempotency-Key -> Warden-Attempt values
	bodies   map[string]map[string]any
	order    []string // keys accepted, first time only
	accepted chan string
}

func newHook(t *testing.T, failures, status int) *hook {
	h := &hook{failures: failures, status: status, attempts: map[string][]int{},
		bodies: map[string]map[string]any{}, accepted: make(chan string, 100)}
	h.Server = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.Close)
	return h
}

func (h *hook) serve(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	attempt, _ := strconv.Atoi(r.Header.Get("Warden-Attempt"))
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.attempts[key] = append(h.attempts[key], attempt)
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || key == "" ||
		r.Header.Get("Warden-Event-Id") != key || r.Header.Get("Warden-Consumer-Id") == "" {
		w.WriteHeader(http.StatusTeapot) // makes the test fail: the webhook gives up
		return
	}
	if len(h.attempts[key]) <= h.failures {
		w.WriteHeader(h.status)
		return
	}
	if _, dup := h.bodies[key]; !dup {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			w.WriteHeader(http.StatusTeapot)
			return
		}
		h.bodies[key] = m
		h.order = append(h.order, key)
		h.accepted <- key
	}
	w.WriteHeader(http.StatusNoContent)
}

func webhookConfig(url string) notify.WebhookConfig {
	w := notify.DefaultWebhookConfig(url)
	w.InitialBackoff = 100 * time.Millisecond
	w.MaxBackoff = time.Second
	return w
}

func TestWebhookRetriesUntilDelivered(t *testing.T) {
	n, clock := newNotifier(t, nil)
	h := newHook(t, 3, http.StatusServiceUnavailable)
	c, err := n.ConnectWebhook(notify.MustCompileFilter(`event.kind == "ObjectCrashFault"`), webhookConfig(h.URL), notify.ConsumerOptions{Name: "pager"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, g := range []string{"g1", "g2"} {
		id, err := n.Push(crash("host-a", g))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	done := make(chan struct{})
	go func() {
		for range ids {
			<-h.accepted
		}
		close(done)
	}()
	advanceUntil(t, clock, time.Second, done)

	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.order) != 2 || h.order[0] != ids[0] || h.order[1] != ids[1] {
		t.Fatalf("accepted %v, want %v in order", h.order, ids)
	}
	for _, id := range ids {
		if got := h.attempts[id]; len(got) != 4 || got[0] != 1 || got[3] != 4 {
			t.Errorf("event %s: attempts %v, want 1..4 with the same Idempotency-Key", id, got)
		}
		body := h.bodies[id]
		ev, _ := body["event"].(map[string]any)
		if body["consumer_id"] != c.ID() || ev["id"] != id || ev["kind"] != "ObjectCrashFault" || ev["object_group_id"] == nil {
			t.Errorf("body %v", body)
		}
	}
	eventually(t, "webhook stats", func() bool {
		s := c.Stats()
		return s.WebhookSent == 2 && s.WebhookRetries == 6 && s.WebhookFailed == 0
	})
}

func TestWebhookGivesUp(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		attempts int
	}{
		{"permanent 400 is not retried", http.StatusBadRequest, 1},
		{"500 until attempts run out", http.StatusInternalServerError, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, clock := newNotifier(t, nil)
			h := newHook(t, 100, tc.status)
			w := webhookConfig(h.URL)
			w.MaxAttempts = 3
			c, err := n.ConnectWebhook(nil, w, notify.ConsumerOptions{})
			if err != nil {
				t.Fatal(err)
			}
			id, err := n.Push(crash("h", "g"))
			if err != nil {
				t.Fatal(err)
			}
			failed := make(chan struct{})
			go func() {
				tick := time.NewTicker(time.Millisecond)
				defer tick.Stop()
				for c.Stats().WebhookFailed == 0 {
					select {
					case <-tick.C:
					case <-t.Context().Done():
						return
					}
				}
				close(failed)
			}()
			advanceUntil(t, clock, time.Second, failed)
			h.mu.Lock()
			defer h.mu.Unlock()
			if len(h.attempts[id]) != tc.attempts {
				t.Errorf("attempts %v, want %d", h.attempts[id], tc.attempts)
			}
		})
	}
}

func TestWebhookBackoffIsExponentialWithJitter(t *testing.T) {
	w := webhookConfig("http://127.0.0.1:1/")
	for _, tc := range []struct {
		attempt  int
		min, max time.Duration
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{4, 400 * time.Millisecond, 800 * time.Millisecond},
		{5, 500 * time.Millisecond, time.Second}, // capped at MaxBackoff
		{30, 500 * time.Millisecond, time.Second},
	} {
		seen := map[time.Duration]bool{}
		for seed := range uint64(50) {
			d := notify.Backoff(w, tc.attempt, seed)
			if d < tc.min || d > tc.max {
				t.Errorf("attempt %d seed %d: %v outside [%v, %v]", tc.attempt, seed, d, tc.min, tc.max)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("attempt %d: only %d distinct waits over 50 seeds: no jitter?", tc.attempt, len(seen))
		}
		if notify.Backoff(w, tc.attempt, 7) != notify.Backoff(w, tc.attempt, 7) {
			t.Error("the same seed gave different waits")
		}
	}
}

func TestWebhookConfigValidate(t *testing.T) {
	n, _ := newNotifier(t, nil)
	w := notify.WebhookConfig{URL: "ftp://x", MaxAttempts: 0}
	_, err := n.ConnectWebhook(nil, w, notify.ConsumerOptions{})
	var fe *notify.FieldError
	if !errors.As(err, &fe) || fe.Field != "url" {
		t.Fatalf("ConnectWebhook = %v, want a FieldError for url first", err)
	}
	for _, field := range []string{"attempt_timeout", "max_attempts", "initial_backoff"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("%v does not name %s", err, field)
		}
	}
	if len(n.Consumers()) != 0 {
		t.Error("a consumer was connected")
	}
}
