package agent

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/wardenft/warden/internal/fsutil"
)

// The state file, <DataDir>/agent-state.json, lists every member this agent started and has
// not forgotten, so that the next incarnation knows which creations are lost (it reports them
// EXITED and never starts them again: a creation id runs at most once at a location) and
// which processes to look for. It is rewritten (write, fsync, rename, fsync the directory)
// before a member is started and after it exits or is forgotten.
const stateFileName = "agent-state.json"

const stateFormat = 1

type stateFile struct {
	Format      int           `json:"format"`
	Location    string        `json:"location"`
	Incarnation uint64        `json:"incarnation"`
	Members     []stateMember `json:"members"`
}

type stateMember struct {
	Group    string `json:"group"`
	Member   string `json:"member"`
	Creation uint64 `json:"creation_id"`
	// Running: the process was started (or was being started) and had not been seen to end.
	Running    bool   `json:"running,omitempty"`
	PID        int    `json:"pid,omitempty"`
	ExitStatus string `json:"exit_status,omitempty"`
}

func readState(dir string) (*stateFile, error) {
	b, err := os.ReadFile(filepath.Join(dir, stateFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("agent: state file: %w", err)
	}
	var s stateFile
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("agent: state file %s: %w", filepath.Join(dir, stateFileName), err)
	}
	if s.Format != stateFormat {
		return nil, fmt.Errorf("agent: state file %s: format %d, want %d", filepath.Join(dir, stateFileName), s.Format, stateFormat)
	}
	return &s, nil
}

func writeState(dir string, s *stateFile) error {
	s.Format = stateFormat
	sort.Slice(s.Members, func(i, j int) bool {
		a, b := s.Members[i], s.Members[j]
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		return a.Creation < b.Creation
	})
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := fsutil.WriteFileAtomic(filepath.Join(dir, stateFileName), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("agent: state file: %w", err)
	}
	return nil
}
