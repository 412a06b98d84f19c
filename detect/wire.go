package detect

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// ErrMalformed is wrapped by ParseHeartbeat's errors for a datagram that is not a heartbeat.
var ErrMalformed = errors.New("detect: malformed heartbeat")

// ErrUnauthenticated is wrapped by ParseHeartbeat's errors when a key is given and the
// heartbeat carries no tag or a wrong one.
var ErrUnauthenticated = errors.New("detect: unauthenticated heartbeat")

const (
	headerLen    = 40
	tagLen       = 16
	maxSourceLen = 255
	maxInterval  = time.Hour
	// MaxHeartbeatLen is the largest heartbeat datagram.
	MaxHeartbeatLen = headerLen + maxSourceLen + tagLen
	wireVersion     = 1
	flagTagged      = 1
)

var magic = [3]byte{'W', 'H', 'B'}

// A Heartbeat is one push heartbeat as it travels (see the package doc for the wire format).
type Heartbeat struct {
	Source      string        // sender's id, 1 to 255 bytes
	Seq         uint64        // 1, 2, ... within an incarnation
	Incarnation uint64        // grows across restarts of the sender
	SentAt      time.Time     // sender's clock when sent (evidence only: clocks differ)
	Interval    time.Duration // the sender's heartbeat interval
}

// AppendHeartbeat appends hb's wire form to dst, with an HMAC-SHA256 tag (truncated to 16
// bytes) when key is not empty.
func AppendHeartbeat(dst []byte, hb Heartbeat, key []byte) ([]byte, error) {
	if len(hb.Source) == 0 || len(hb.Source) > maxSourceLen {
		return dst, fmt.Errorf("detect: heartbeat source %q: must be 1 to %d bytes", hb.Source, maxSourceLen)
	}
	start := len(dst)
	var flags byte
	if len(key) > 0 {
		flags |= flagTagged
	}
	dst = append(dst, magic[0], magic[1], magic[2], wireVersion, flags, byte(len(hb.Source)), 0, 0)
	dst = binary.BigEndian.AppendUint64(dst, hb.Seq)
	dst = binary.BigEndian.AppendUint64(dst, hb.Incarnation)
	dst = binary.BigEndian.AppendUint64(dst, uint64(hb.SentAt.UnixNano()))
	dst = binary.BigEndian.AppendUint64(dst, uint64(hb.Interval))
	dst = append(dst, hb.Source...)
	if len(key) > 0 {
		m := hmac.New(sha256.New, key)
		m.Write(dst[start:])
		dst = append(dst, m.Sum(nil)[:tagLen]...)
	}
	return dst, nil
}

// ParseHeartbeat decodes one heartbeat datagram. With a key, the datagram must carry a valid
// tag made with it (ErrUnauthenticated otherwise); without one, a tag is not checked. The
// returned Heartbeat does not alias b.
func ParseHeartbeat(b []byte, key []byte) (Heartbeat, error) {
	var hb Heartbeat
	if len(b) < headerLen {
		return hb, fmt.Errorf("%w: %d bytes, want at least %d", ErrMalformed, len(b), headerLen)
	}
	if b[0] != magic[0] || b[1] != magic[1] || b[2] != magic[2] {
		return hb, fmt.Errorf("%w: bad magic %q", ErrMalformed, b[:3])
	}
	if b[3] != wireVersion {
		return hb, fmt.Errorf("%w: version %d, want %d", ErrMalformed, b[3], wireVersion)
	}
	flags, n := b[4], int(b[5])
	if flags&^flagTagged != 0 || b[6] != 0 || b[7] != 0 {
		return hb, fmt.Errorf("%w: unknown flags %#x or reserved bytes %#x %#x", ErrMalformed, flags, b[6], b[7])
	}
	want := headerLen + n
	if flags&flagTagged != 0 {
		want += tagLen
	}
	if n == 0 || len(b) != want {
		return hb, fmt.Errorf("%w: %d bytes with a %d-byte source and flags %#x, want %d", ErrMalformed, len(b), n, flags, want)
	}
	if len(key) > 0 {
		if flags&flagTagged == 0 {
			return hb, fmt.Errorf("%w: no tag", ErrUnauthenticated)
		}
		m := hmac.New(sha256.New, key)
		m.Write(b[:headerLen+n])
		if !hmac.Equal(m.Sum(nil)[:tagLen], b[headerLen+n:]) {
			return hb, fmt.Errorf("%w: bad tag", ErrUnauthenticated)
		}
	}
	interval := int64(binary.BigEndian.Uint64(b[32:40]))
	if interval <= 0 || interval > int64(maxInterval) {
		return hb, fmt.Errorf("%w: interval %v out of (0, %v]", ErrMalformed, time.Duration(interval), maxInterval)
	}
	hb.Seq = binary.BigEndian.Uint64(b[8:16])
	hb.Incarnation = binary.BigEndian.Uint64(b[16:24])
	hb.SentAt = time.Unix(0, int64(binary.BigEndian.Uint64(b[24:32])))
	hb.Interval = time.Duration(interval)
	hb.Source = string(b[headerLen : headerLen+n])
	return hb, nil
}
