package replica

import (
	"errors"
	"fmt"
	"time"
)

// Config configures a member's protocol core. Start from DefaultConfig.
type Config struct {
	// ID is this member's id in its group (warden.manager.v1.Member.member_id).
	ID string
	// GroupID names the group, for errors and faults.
	GroupID string
	// CheckpointInterval: a member checkpoints its state (GetState) this often when it applied
	// anything since the last one, and truncates its log before it. The group's
	// CheckpointInterval property.
	CheckpointInterval time.Duration
	// AckTimeout: a backup that has not acknowledged an entry this long after the primary
	// logged it is reported (an OmissionFault), once per epoch.
	AckTimeout time.Duration
	// CatchUpTimeout replaces AckTimeout for the entries that existed when a backup joined the
	// primary's view (or the primary was promoted): catching up may take a checkpoint transfer.
	CatchUpTimeout time.Duration
	// RetransmitInterval: the primary resends what a backup has not acknowledged (and the
	// commit point it has not been told) after this long without sending to it.
	RetransmitInterval time.Duration
	// DefaultRetention is how long the reply of a call that carries no expiration stays in
	// the reply cache.
	DefaultRetention time.Duration
	// LeaseRequired: the primary serves only while it holds a lease (SetLease). Turning it off
	// is safe only where nothing can promote another member while this one may still serve
	// (tests, or a group whose manager grants no leases: STATELESS-only managers).
	LeaseRequired bool
	// ClockDriftRate bounds how much faster or slower this member's clock may run than the
	// manager's; a lease of duration d is trusted for d*(1-ClockDriftRate) from when it was
	// requested.
	ClockDriftRate float64
	// MaxAppendEntries bounds the entries in one Append message.
	MaxAppendEntries int
	// MaxInflightEntries bounds how far past a backup's acknowledged seq the primary sends.
	MaxInflightEntries int
	// MaxInflightAppends bounds the Appends with entries that the primary has sent a backup
	// and that it has not acknowledged yet. Entries executed meanwhile wait and go out
	// together in the next Append: under load the messages (and acks) per entry fall, at the
	// cost of at most this many round trips of pipelining. Retransmission starts afresh.
	MaxInflightAppends int
	// MaxBufferedMessages bounds the Append messages a backup keeps while they wait for a gap
	// before them to fill; beyond it they are dropped (the primary resends).
	MaxBufferedMessages int
}

// DefaultConfig returns the defaults for member id of group: checkpoints every 10s (the
// manager's default CheckpointInterval), AckTimeout 500ms, CatchUpTimeout 30s, retransmission
// after 100ms, replies kept 10 minutes, leases required with 1% drift.
func DefaultConfig(group, id string) Config {
	return Config{
		ID:                  id,
		GroupID:             group,
		CheckpointInterval:  10 * time.Second,
		AckTimeout:          500 * time.Millisecond,
		CatchUpTimeout:      30 * time.Second,
		RetransmitInterval:  100 * time.Millisecond,
		DefaultRetention:    10 * time.Minute,
		LeaseRequired:       true,
		ClockDriftRate:      0.01,
		MaxAppendEntries:    256,
		MaxInflightEntries:  4096,
		MaxInflightAppends:  2,
		MaxBufferedMessages: 256,
	}
}

// Validate reports every invalid field, quoting its value.
func (c Config) Validate() error {
	var errs []error
	if c.ID == "" {
		errs = append(errs, errors.New("ID: must be set"))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"CheckpointInterval", c.CheckpointInterval}, {"AckTimeout", c.AckTimeout}, {"CatchUpTimeout", c.CatchUpTimeout},
		{"RetransmitInterval", c.RetransmitInterval}, {"DefaultRetention", c.DefaultRetention}} {
		if d.v <= 0 {
			errs = append(errs, fmt.Errorf("%s: %v must be positive", d.name, d.v))
		}
	}
	if c.CatchUpTimeout > 0 && c.CatchUpTimeout < c.AckTimeout {
		errs = append(errs, fmt.Errorf("CatchUpTimeout: %v is less than AckTimeout %v", c.CatchUpTimeout, c.AckTimeout))
	}
	if c.ClockDriftRate < 0 || c.ClockDriftRate >= 1 {
		errs = append(errs, fmt.Errorf("ClockDriftRate: %v must be in [0, 1)", c.ClockDriftRate))
	}
	if c.MaxAppendEntries < 1 {
		errs = append(errs, fmt.Errorf("MaxAppendEntries: %d must be at least 1", c.MaxAppendEntries))
	}
	if c.MaxInflightAppends < 1 {
		errs = append(errs, fmt.Errorf("MaxInflightAppends: %d must be at least 1", c.MaxInflightAppends))
	}
	if c.MaxInflightEntries < c.MaxAppendEntries {
		errs = append(errs, fmt.Errorf("MaxInflightEntries: %d is less than MaxAppendEntries %d", c.MaxInflightEntries, c.MaxAppendEntries))
	}
	if c.MaxBufferedMessages < 0 {
		errs = append(errs, fmt.Errorf("MaxBufferedMessages: %d is negative", c.MaxBufferedMessages))
	}
	if len(errs) > 0 {
		return fmt.Errorf("replica: invalid config: %w", errors.Join(errs...))
	}
	return nil
}
