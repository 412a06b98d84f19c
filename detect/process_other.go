//go:build !unix

package detect

import "os"

func exitStatus(st *os.ProcessState) (int, string) { return st.ExitCode(), "" }

func defaultEndSignal() os.Signal { return os.Kill }
