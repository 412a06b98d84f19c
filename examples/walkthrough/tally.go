package walkthrough

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	"github.com/wardenft/warden/replica"
)

// Tally is the service before Warden: a gRPC server with one int64 of state.
type Tally struct {
	counterv1.UnimplementedCounterServer
	mu      sync.Mutex
	value   int64
	changed bool // Increment ran since the last GetUpdate
}

func (t *Tally) Increment(_ context.Context, r *counterv1.IncrementRequest) (*counterv1.IncrementResponse, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.value += r.GetBy()
	t.changed = true
	return &counterv1.IncrementResponse{Value: t.value}, nil
}

func (t *Tally) Get(context.Context, *counterv1.GetRequest) (*counterv1.GetResponse, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return &counterv1.GetResponse{Value: t.value}, nil
}

// Checkpointable: the whole state as bytes, and back.
func (t *Tally) GetState() ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return binary.BigEndian.AppendUint64(nil, uint64(t.value)), nil
}

func (t *Tally) SetState(b []byte) error {
	if len(b) != 8 {
		return fmt.Errorf("%w: %d bytes, want 8", replica.ErrInvalidState, len(b))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.value = int64(binary.BigEndian.Uint64(b))
	return nil
}

// Updateable (optional): what the last state-changing call did, applied by the backups
// instead of executing the call again.
func (t *Tally) GetUpdate() ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.changed {
		return nil, replica.ErrNoUpdateAvailable
	}
	t.changed = false
	return binary.BigEndian.AppendUint64(nil, uint64(t.value)), nil
}

func (t *Tally) SetUpdate(b []byte) error { return t.SetState(b) }
