package client

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"google.golang.org/grpc"
)

// Config configures the client SDK: where the managers are, and how calls are bounded and
// retried. Durations carry their unit in their type.
type Config struct {
	// Managers are the gRPC addresses (host:port) of the managers. Any manager answers; the
	// resolver watches the group's view from one at a time and moves to the next when it
	// fails. Required.
	Managers []string
	// ManagerDialOptions are used for the connections to the managers. Nil: plaintext
	// (insecure credentials). The member connections use the options given to grpc.NewClient.
	ManagerDialOptions []grpc.DialOption
	// DefaultTimeout bounds a unary call whose context has no deadline (retries included),
	// and the wait for a stream to be established when its context has none.
	DefaultTimeout time.Duration
	// BackoffBase and BackoffMax bound the wait before retrying a call that a member could
	// not take yet (NOT_READY, NO_LEASE, VIEW_BEHIND, the primary unreachable): the n-th
	// wait of a call is drawn in [d/2, d) with d = min(BackoffMax, BackoffBase * 2^n). A new
	// view ends a wait at once and starts n again from 0.
	BackoffBase, BackoffMax time.Duration
	// ExpirationSlack is added to a call's deadline to make the expiration it carries: the
	// member's clock decides whether a call has expired, so the slack absorbs the clock
	// offset between client and member. The member keeps the reply that long.
	ExpirationSlack time.Duration
	// ClientID names this client in request ids. Empty: a random 128-bit hex string per
	// DialOptions call (per client instance). Two clients must never share one.
	ClientID string
	// Logger receives the client's warnings (manager failover) and, at debug level, every
	// retry with the group, member, location and epoch. Nil: discarded.
	Logger *slog.Logger
}

// DefaultConfig returns the defaults: a 5s default timeout, backoff from 2ms to 100ms, a
// one-second expiration slack. Managers must still be set.
//
// The backoff starts small because what a call waits for in a failover is short: a newly
// promoted primary answers NO_LEASE until its first lease, one round trip to the managers
// (a few milliseconds on a LAN). Waits double from there, so a primary that stays
// unavailable costs a call a few more attempts in its first 100ms, then one per BackoffMax.
func DefaultConfig() Config {
	return Config{
		DefaultTimeout:  5 * time.Second,
		BackoffBase:     2 * time.Millisecond,
		BackoffMax:      100 * time.Millisecond,
		ExpirationSlack: time.Second,
	}
}

// ParseManagers splits a comma-separated list of manager addresses ("a:7401, b:7401"),
// as a flag gives it, dropping empty entries.
func ParseManagers(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// withDefaults fills zero fields from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.DefaultTimeout == 0 {
		c.DefaultTimeout = d.DefaultTimeout
	}
	if c.BackoffBase == 0 {
		c.BackoffBase = d.BackoffBase
	}
	if c.BackoffMax == 0 {
		c.BackoffMax = d.BackoffMax
	}
	if c.ExpirationSlack == 0 {
		c.ExpirationSlack = d.ExpirationSlack
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Validate reports every bad field with its value. Zero durations are valid: they take the
// defaults.
func (c Config) Validate() error {
	var errs []error
	if len(c.Managers) == 0 {
		errs = append(errs, errors.New("Managers is empty: at least one manager address is required"))
	}
	seen := map[string]bool{}
	for _, m := range c.Managers {
		switch {
		case strings.TrimSpace(m) == "":
			errs = append(errs, fmt.Errorf("Managers %q: an empty address", c.Managers))
		case strings.LastIndexByte(m, ':') <= 0 || strings.HasSuffix(m, ":"):
			errs = append(errs, fmt.Errorf("manager address %q is not host:port", m))
		case seen[m]:
			errs = append(errs, fmt.Errorf("manager address %q listed twice", m))
		}
		seen[m] = true
	}
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"DefaultTimeout", c.DefaultTimeout}, {"BackoffBase", c.BackoffBase}, {"BackoffMax", c.BackoffMax}, {"ExpirationSlack", c.ExpirationSlack}} {
		if f.d < 0 {
			errs = append(errs, fmt.Errorf("%s %v is negative", f.name, f.d))
		}
	}
	if c.BackoffBase > 0 && c.BackoffMax > 0 && c.BackoffMax < c.BackoffBase {
		errs = append(errs, fmt.Errorf("BackoffMax %v is below BackoffBase %v", c.BackoffMax, c.BackoffBase))
	}
	if strings.ContainsAny(c.ClientID, " \t\n") {
		errs = append(errs, fmt.Errorf("ClientID %q contains white space", c.ClientID))
	}
	return errors.Join(errs...)
}
