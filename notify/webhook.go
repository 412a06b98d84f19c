package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"

	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// WebhookConfig says where and how a webhook consumer POSTs its events.
//
// Each matching event is one POST of a JSON Delivery (notify.proto; proto field names:
// {"consumer_id": ..., "event": {"id": ..., "kind": ...}, "dropped": ..., "dropped_total": ...},
// in proto3's JSON mapping: 64-bit counts such as "seq" are strings, "time" is RFC 3339,
// "severity" is the enum name such as "SEVERITY_ERROR", empty fields are left out) with the
// headers
//
//	Content-Type: application/json
//	Idempotency-Key: <event id>       the same on every attempt: receivers deduplicate on it
//	Warden-Event-Id: <event id>
//	Warden-Consumer-Id: <consumer id>
//	Warden-Attempt: <1, 2, ...>
//
// and any Header given. Events go one at a time, in commit order. A 2xx answer delivers the
// event. A network error, a timeout, 408, 425, 429 or a 5xx is retried after an exponential
// backoff with jitter (InitialBackoff doubling up to MaxBackoff, each wait drawn uniformly
// from its upper half, at least Retry-After when the server sends one), up to MaxAttempts in
// all; any other answer, or the last failed attempt, gives the event up (counted in
// ConsumerStats.WebhookFailed and logged). While one event is retried, later ones wait in the
// consumer's queue and are dropped when it is full, like any slow consumer's.
type WebhookConfig struct {
	// URL is an absolute http or https URL.
	URL string
	// Client sends the requests (nil: a client of its own).
	Client *http.Client
	// Header is added to every request (e.g. Authorization).
	Header http.Header
	// AttemptTimeout bounds one attempt, from sending to reading the status.
	AttemptTimeout time.Duration
	// MaxAttempts is the most attempts per event, the first included.
	MaxAttempts int
	// InitialBackoff is the wait before the second attempt, before jitter; it doubles for
	// each further attempt up to MaxBackoff.
	InitialBackoff time.Duration
	MaxBackoff     time.Duration
}

// DefaultWebhookConfig returns settings for url: 5 s per attempt, 6 attempts, backoff from
// 250 ms to 10 s (about 15 s of retrying at most, before jitter).
func DefaultWebhookConfig(url string) WebhookConfig {
	return WebhookConfig{
		URL:            url,
		AttemptTimeout: 5 * time.Second,
		MaxAttempts:    6,
		InitialBackoff: 250 * time.Millisecond,
		MaxBackoff:     10 * time.Second,
	}
}

// Validate reports every bad setting as a *FieldError (field names as in the config).
func (w WebhookConfig) Validate() error {
	var errs []error
	u, err := url.Parse(w.URL)
	switch {
	case w.URL == "":
		errs = append(errs, fieldErr("url", "required"))
	case err != nil:
		errs = append(errs, fieldErr("url", "%q: %v", truncate(w.URL), err))
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		errs = append(errs, fieldErr("url", "%q: need an absolute http or https URL", truncate(w.URL)))
	}
	if w.AttemptTimeout <= 0 {
		errs = append(errs, fieldErr("attempt_timeout", "%v: need a positive duration", w.AttemptTimeout))
	}
	if w.MaxAttempts < 1 || w.MaxAttempts > 100 {
		errs = append(errs, fieldErr("max_attempts", "%d: need 1 to 100", w.MaxAttempts))
	}
	if w.InitialBackoff <= 0 || w.MaxBackoff < w.InitialBackoff {
		errs = append(errs, fieldErr("initial_backoff", "%v with max_backoff %v: need 0 < initial_backoff <= max_backoff", w.InitialBackoff, w.MaxBackoff))
	}
	return errors.Join(errs...)
}

// ConnectWebhook connects a consumer that POSTs the events matching f (nil: all) to w.URL,
// from a goroutine of its own.
func (n *Notifier) ConnectWebhook(f *Filter, w WebhookConfig, o ConsumerOptions) (*Consumer, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	if w.Client == nil {
		w.Client = &http.Client{}
	}
	c, err := n.connect(WebhookConsumer, f, o)
	if err != nil {
		return nil, err
	}
	// Each webhook draws its jitter from its own stream of the notifier's seed, so a run
	// replays from the seed whatever the other consumers do.
	r := rand.New(rand.NewPCG(n.seed, c.num))
	n.wg.Add(1)
	go n.runWebhook(c, w, r)
	return c, nil
}

func (n *Notifier) runWebhook(c *Consumer, w WebhookConfig, r *rand.Rand) {
	defer n.wg.Done()
	for {
		select {
		case d, ok := <-c.q:
			if !ok {
				return
			}
			n.postEvent(c, w, r, d)
		case <-c.done:
			return
		}
	}
}

// postEvent delivers one event, retrying as WebhookConfig says.
func (n *Notifier) postEvent(c *Consumer, w WebhookConfig, r *rand.Rand, d Delivery) {
	body, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(&notifyv1.Delivery{
		ConsumerId: c.id, Event: d.Event.Proto(), Dropped: d.Dropped, DroppedTotal: d.DroppedTotal,
	})
	if err != nil {
		panic(fmt.Sprintf("notify: a validated event does not marshal: %v", err))
	}
	ev := d.Event
	var lastErr error
	for attempt := 1; attempt <= w.MaxAttempts; attempt++ {
		if attempt > 1 {
			c.webhook.retries.Add(1)
		}
		retryAfter, err := n.postOnce(c, w, body, ev, attempt)
		if err == nil {
			c.webhook.sent.Add(1)
			return
		}
		lastErr = err
		var perm permanentError
		if errors.As(err, &perm) || c.ctx.Err() != nil || attempt == w.MaxAttempts {
			break
		}
		wait := backoff(w, attempt, r)
		if retryAfter > wait {
			wait = min(retryAfter, w.MaxBackoff)
		}
		select {
		case <-n.clock.After(wait):
		case <-c.ctx.Done():
		}
	}
	if c.ctx.Err() != nil {
		return // disconnected or closed: not a failure of the receiver
	}
	c.webhook.failed.Add(1)
	n.log.Warn("notify: webhook gave up on an event", "consumer", c.id, "name", c.name, "url", w.URL,
		"event", ev.ID, "event_kind", ev.Kind, "group", ev.GroupID, "member", ev.Member,
		"location", ev.Location, "err", lastErr)
}

// permanentError is an answer that retrying will not change (a 4xx other than 408/425/429).
type permanentError struct{ status int }

func (e permanentError) Error() string { return "HTTP " + strconv.Itoa(e.status) + " (not retried)" }

// postOnce makes one attempt. It returns the server's Retry-After, if any, with the error.
func (n *Notifier) postOnce(c *Consumer, w WebhookConfig, body []byte, ev *Event, attempt int) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(c.ctx, w.AttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return 0, permanentError{}
	}
	for k, vs := range w.Header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", ev.ID)
	req.Header.Set("Warden-Event-Id", ev.ID)
	req.Header.Set("Warden-Consumer-Id", c.id)
	req.Header.Set("Warden-Attempt", strconv.Itoa(attempt))
	resp, err := w.Client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	resp.Body.Close()
	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		return 0, nil
	case s == http.StatusRequestTimeout, s == http.StatusTooEarly, s == http.StatusTooManyRequests, s >= 500:
		var ra time.Duration
		if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
			ra = time.Duration(secs) * time.Second
		}
		return ra, fmt.Errorf("HTTP %d", s)
	default:
		return 0, permanentError{status: s}
	}
}

// backoff is the wait after failed attempt number attempt (1 is the first): InitialBackoff
// doubled attempt-1 times, capped at MaxBackoff, then drawn uniformly from [d/2, d].
func backoff(w WebhookConfig, attempt int, r *rand.Rand) time.Duration {
	d := w.InitialBackoff
	for i := 1; i < attempt && d < w.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, w.MaxBackoff)
	half := d / 2
	return half + time.Duration(r.Int64N(int64(d-half)+1))
}
