package client

import (
	"bytes"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

// appendRequestContext writes exactly what proto.Marshal does, for every shape of request
// context a call sends (with and without request id, expiration, view; negative times).
func TestAppendRequestContextIsProto(t *testing.T) {
	for _, rc := range []*replicav1.RequestContext{
		{},
		{ViewVersion: 1},
		{RequestId: &replicav1.RequestId{ClientId: "0123456789abcdef0123456789abcdef", RetentionId: 1}, ViewVersion: 1 << 40},
		{RequestId: &replicav1.RequestId{ClientId: "c", RetentionId: 1<<64 - 1}, Expiration: timestamppb.New(time.Date(2026, 11, 23, 1, 2, 3, 999999999, time.UTC))},
		{RequestId: &replicav1.RequestId{}, Expiration: &timestamppb.Timestamp{}},
		{RequestId: &replicav1.RequestId{RetentionId: 9}, Expiration: &timestamppb.Timestamp{Seconds: -62135596800, Nanos: -5}, ViewVersion: 3},
	} {
		want, err := proto.MarshalOptions{Deterministic: true}.Marshal(rc)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendRequestContext([]byte("prefix"), rc); !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Errorf("appendRequestContext(%v) = %x, want prefix+%x", rc, got, want)
		}
	}
}

func BenchmarkAppendRequestContext(b *testing.B) {
	rc := &replicav1.RequestContext{RequestId: &replicav1.RequestId{ClientId: "0123456789abcdef0123456789abcdef", RetentionId: 123456},
		Expiration: timestamppb.Now(), ViewVersion: 12}
	b.Run("proto.Marshal", func(b *testing.B) {
		for b.Loop() {
			if _, err := proto.Marshal(rc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("appendRequestContext", func(b *testing.B) {
		var buf [128]byte
		for b.Loop() {
			_ = appendRequestContext(buf[:0], rc)
		}
	})
}
