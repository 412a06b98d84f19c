package detect_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/wardenft/warden/detect"
)

func TestHeartbeatRoundTrip(t *testing.T) {
	hb := detect.Heartbeat{Source: "host-a/agent", Seq: 42, Incarnation: 1 << 60, SentAt: time.Unix(1700000000, 123456789), Interval: 100 * time.Millisecond}
	for _, key := range [][]byte{nil, []byte("secret")} {
		b, err := detect.AppendHeartbeat([]byte("prefix"), hb, key)
		if err != nil {
			t.Fatal(err)
		}
		b = b[len("prefix"):]
		wantLen := 40 + len(hb.Source)
		if key != nil {
			wantLen += 16
		}
		if len(b) != wantLen {
			t.Fatalf("key %q: %d bytes, want %d", key, len(b), wantLen)
		}
		got, err := detect.ParseHeartbeat(b, key)
		if err != nil {
			t.Fatalf("key %q: %v", key, err)
		}
		if got.Source != hb.Source || got.Seq != hb.Seq || got.Incarnation != hb.Incarnation || !got.SentAt.Equal(hb.SentAt) || got.Interval != hb.Interval {
			t.Fatalf("key %q: got %+v, want %+v", key, got, hb)
		}
	}
}

func TestParseHeartbeatErrors(t *testing.T) {
	good, _ := detect.AppendHeartbeat(nil, detect.Heartbeat{Source: "a", Seq: 1, Incarnation: 1, Interval: time.Second}, nil)
	tagged, _ := detect.AppendHeartbeat(nil, detect.Heartbeat{Source: "a", Seq: 1, Incarnation: 1, Interval: time.Second}, []byte("k"))
	mut := func(b []byte, f func([]byte) []byte) []byte { return f(bytes.Clone(b)) }
	for _, c := range []struct {
		name string
		b    []byte
		key  []byte
		want error
	}{
		{"short", good[:39], nil, detect.ErrMalformed},
		{"magic", mut(good, func(b []byte) []byte { b[0] = 'X'; return b }), nil, detect.ErrMalformed},
		{"version", mut(good, func(b []byte) []byte { b[3] = 2; return b }), nil, detect.ErrMalformed},
		{"flags", mut(good, func(b []byte) []byte { b[4] = 0x80; return b }), nil, detect.ErrMalformed},
		{"reserved", mut(good, func(b []byte) []byte { b[6] = 1; return b }), nil, detect.ErrMalformed},
		{"empty source", mut(good, func(b []byte) []byte { b[5] = 0; return b[:40] }), nil, detect.ErrMalformed},
		{"trailing byte", append(bytes.Clone(good), 0), nil, detect.ErrMalformed},
		{"zero interval", mut(good, func(b []byte) []byte { clear(b[32:40]); return b }), nil, detect.ErrMalformed},
		{"no tag", good, []byte("k"), detect.ErrUnauthenticated},
		{"wrong key", tagged, []byte("other"), detect.ErrUnauthenticated},
		{"bad tag", mut(tagged, func(b []byte) []byte { b[len(b)-1] ^= 1; return b }), []byte("k"), detect.ErrUnauthenticated},
		{"tampered", mut(tagged, func(b []byte) []byte { b[15] ^= 1; return b }), []byte("k"), detect.ErrUnauthenticated},
	} {
		if _, err := detect.ParseHeartbeat(c.b, c.key); !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := detect.ParseHeartbeat(tagged, nil); err != nil {
		t.Errorf("a tagged heartbeat without a key to check it: %v", err)
	}
	if _, err := detect.AppendHeartbeat(nil, detect.Heartbeat{Source: string(make([]byte, 256))}, nil); err == nil {
		t.Error("a 256-byte source encoded")
	}
}

// FuzzParseHeartbeat: whatever the bytes, parsing does not panic, and what parses encodes back
// to the same bytes.
func FuzzParseHeartbeat(f *testing.F) {
	b, _ := detect.AppendHeartbeat(nil, detect.Heartbeat{Source: "src", Seq: 9, Incarnation: 3, SentAt: time.Unix(5, 6), Interval: time.Second}, nil)
	f.Add(b)
	b, _ = detect.AppendHeartbeat(nil, detect.Heartbeat{Source: "k", Seq: 1, Incarnation: 1, Interval: time.Millisecond}, []byte("key"))
	f.Add(b)
	f.Add([]byte("WHB"))
	f.Fuzz(func(t *testing.T, b []byte) {
		hb, err := detect.ParseHeartbeat(b, nil)
		if err != nil {
			return
		}
		if b[4] != 0 {
			return // tagged: the tag is not re-made without the key
		}
		again, err := detect.AppendHeartbeat(nil, hb, nil)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("re-encoding %x gave %x, %v", b, again, err)
		}
	})
}
