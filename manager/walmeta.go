package manager

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/hashicorp/raft-wal/types"
)

// walMetaFile is the name of the WAL's metadata file in the raft directory.
const walMetaFile = "wal-meta.json"

// fileMeta is raft-wal's MetaStore (the segment list, and the Raft stable store: current
// term, vote) as one small JSON file replaced atomically: written to a temporary file,
// fsynced, renamed over the old one, and the directory fsynced. raft-wal's default MetaStore
// is a bbolt database; Warden keeps bbolt out of its data directories (it is only a benchmark
// peer), and this metadata is a few hundred bytes written on segment rotation and on term or
// vote changes, so rewriting it whole costs nothing that matters.
type fileMeta struct {
	mu   sync.Mutex
	path string
	st   metaContent
}

type metaContent struct {
	State  types.PersistentState `json:"state"`
	Stable map[string][]byte     `json:"stable"`
}

func (m *fileMeta) Load(dir string) (types.PersistentState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.path = filepath.Join(dir, walMetaFile)
	b, err := os.ReadFile(m.path)
	if errors.Is(err, fs.ErrNotExist) {
		m.st = metaContent{Stable: map[string][]byte{}}
		return m.st.State, m.saveLocked()
	}
	if err != nil {
		return types.PersistentState{}, err
	}
	var c metaContent
	if err := json.Unmarshal(b, &c); err != nil {
		return types.PersistentState{}, fmt.Errorf("%s: corrupt: %w", m.path, err)
	}
	if c.Stable == nil {
		c.Stable = map[string][]byte{}
	}
	m.st = c
	return m.st.State, nil
}

func (m *fileMeta) CommitState(ps types.PersistentState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.State = ps
	return m.saveLocked()
}

func (m *fileMeta) GetStable(key []byte) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.st.Stable[string(key)]
	if !ok {
		return nil, nil
	}
	return append([]byte(nil), v...), nil
}

func (m *fileMeta) SetStable(key, value []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.Stable[string(key)] = append([]byte(nil), value...)
	return m.saveLocked()
}

func (m *fileMeta) Close() error { return nil }

func (m *fileMeta) saveLocked() error {
	b, err := json.Marshal(&m.st)
	if err != nil {
		return err
	}
	return writeFileAtomic(m.path, b)
}

// writeFileAtomic replaces path with b durably: temporary file, fsync, rename, directory fsync.
func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
