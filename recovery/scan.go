package recovery

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/wardenft/warden/vfs"
)

// scanChunk is the read size of a scan: small enough that the checksum runs while the bytes are
// still in the CPU cache.
const scanChunk = 1 << 20

// scanner reads the records of a file in order through a sliding buffer.
type scanner struct {
	f      vfs.File
	size   int64
	salt   uint32
	buf    []byte
	bufOff int64 // file offset of buf[0]
	off    int64 // offset of the next record
}

func newScanner(f vfs.File, size, off int64, salt uint32) *scanner {
	return &scanner{f: f, size: size, off: off, salt: salt, bufOff: off}
}

// window returns the bytes [s.off, s.off+n), or fewer if the file ends first. The slice is
// valid until the next call.
func (s *scanner) window(n int) ([]byte, error) {
	start := int(s.off - s.bufOff)
	if start+n <= len(s.buf) {
		return s.buf[start : start+n], nil
	}
	want := max(n, scanChunk)
	if avail := s.size - s.off; int64(want) > avail {
		want = int(avail)
	}
	keep := 0
	if start < len(s.buf) {
		keep = len(s.buf) - start
	}
	if cap(s.buf) < want {
		nb := make([]byte, want)
		copy(nb, s.buf[start:start+keep])
		s.buf = nb
	} else {
		copy(s.buf[:keep], s.buf[start:start+keep])
		s.buf = s.buf[:want]
	}
	s.bufOff = s.off
	if want > keep {
		m, err := s.f.ReadAt(s.buf[keep:want], s.off+int64(keep))
		if m < want-keep {
			if err == nil || errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("read at offset %d: %w", s.off+int64(keep), err)
		}
	}
	return s.buf[:min(n, want)], nil
}

// next returns the record at s.off and advances past it. At the end of the file it returns
// io.EOF. An invalid record gives an error wrapping errBadFrame and does not advance; other
// errors are I/O errors. payload is valid until the next call.
func (s *scanner) next() (off int64, t recordType, payload []byte, err error) {
	off = s.off
	if off >= s.size {
		return off, 0, nil, io.EOF
	}
	h, err := s.window(frameHeaderLen)
	if err != nil {
		return off, 0, nil, err
	}
	if len(h) < frameHeaderLen {
		_, _, _, err = decodeFrame(h, s.salt)
		return off, 0, nil, err
	}
	n := binary.LittleEndian.Uint32(h[4:])
	if n > MaxRecordLen {
		_, _, _, err = decodeFrame(h, s.salt)
		return off, 0, nil, err
	}
	w, err := s.window(frameHeaderLen + int(n))
	if err != nil {
		return off, 0, nil, err
	}
	t, payload, total, err := decodeFrame(w, s.salt)
	if err != nil {
		return off, 0, nil, err
	}
	s.off += int64(total)
	return off, t, payload, nil
}

// validRecordAfter reports the offset of the first valid record that starts after bad, or -1.
// It is how recovery tells a torn tail (nothing valid follows: the last write was cut short)
// from corruption (a bad record followed by good ones). Because every file's checksums are
// seeded with the file's own random salt, a frame that happens to sit inside a value, or is
// left over from an older file, does not count as valid.
func validRecordAfter(f vfs.File, size, bad int64, salt uint32) (int64, error) {
	const overlap = frameHeaderLen
	buf := make([]byte, max(min(1<<20, size-bad), 2*frameHeaderLen))
	for base := bad + 1; base+frameHeaderLen <= size; base += int64(len(buf) - overlap) {
		n := int(min(int64(len(buf)), size-base))
		chunk := buf[:n]
		if m, err := f.ReadAt(chunk, base); m < n {
			return -1, fmt.Errorf("read at offset %d: %w", base, err)
		}
		for i := 0; i+frameHeaderLen <= n; i++ {
			if !recordType(chunk[i+8]).known() {
				continue
			}
			l := int64(binary.LittleEndian.Uint32(chunk[i+4:]))
			p := base + int64(i)
			if l > MaxRecordLen || p+frameHeaderLen+l > size {
				continue
			}
			rec := chunk[i:]
			if int64(len(rec)) < frameHeaderLen+l {
				rec = make([]byte, frameHeaderLen+l)
				if m, err := f.ReadAt(rec, p); int64(m) < frameHeaderLen+l {
					return -1, fmt.Errorf("read at offset %d: %w", p, err)
				}
			}
			if _, _, _, err := decodeFrame(rec, salt); err == nil {
				return p, nil
			}
		}
		if n < len(buf) {
			break
		}
	}
	return -1, nil
}

// newSalt returns a random checksum seed for a new file.
func newSalt() uint32 {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return binary.LittleEndian.Uint32(b[:])
}

// appender buffers the records of a file being written from scratch (a checkpoint's new file)
// and writes them at its end in pieces of about 1 MiB.
type appender struct {
	f    vfs.File
	path string
	buf  []byte
	woff int64 // bytes written to the file
}

// flush writes the buffer once it holds 1 MiB, or whatever it holds when force is set.
func (a *appender) flush(force bool) error {
	if len(a.buf) == 0 || !force && len(a.buf) < 1<<20 {
		return nil
	}
	if _, err := a.f.WriteAt(a.buf, a.woff); err != nil {
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	a.woff += int64(len(a.buf))
	a.buf = a.buf[:0]
	return nil
}

// pos is the file offset of the next byte appended to the buffer.
func (a *appender) pos() int64 { return a.woff + int64(len(a.buf)) }
