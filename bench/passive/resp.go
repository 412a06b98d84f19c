package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// respConn is a minimal Redis client: RESP2 commands over one TCP connection, enough for
// INCR, INFO, SENTINEL and PSUBSCRIBE. Not safe for concurrent use.
type respConn struct {
	c net.Conn
	r *bufio.Reader
}

func dialRESP(addr string, timeout time.Duration) (*respConn, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	return &respConn{c: c, r: bufio.NewReader(c)}, nil
}

func (r *respConn) Close() error { return r.c.Close() }

// respError is an error reply (-ERR ..., -READONLY ...).
type respError string

func (e respError) Error() string { return string(e) }

// do sends a command and reads its reply within timeout (0: no deadline).
func (r *respConn) do(timeout time.Duration, args ...string) (any, error) {
	if timeout > 0 {
		r.c.SetDeadline(time.Now().Add(timeout))
		defer r.c.SetDeadline(time.Time{})
	}
	if err := r.send(args...); err != nil {
		return nil, err
	}
	return r.read()
}

func (r *respConn) send(args ...string) error {
	b := make([]byte, 0, 64)
	b = append(b, '*')
	b = strconv.AppendInt(b, int64(len(args)), 10)
	b = append(b, '\r', '\n')
	for _, a := range args {
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(a)), 10)
		b = append(b, '\r', '\n')
		b = append(b, a...)
		b = append(b, '\r', '\n')
	}
	_, err := r.c.Write(b)
	return err
}

// read reads one reply: string (simple or bulk; nil for a null bulk), int64, []any, or a
// respError as the error.
func (r *respConn) read() (any, error) {
	line, err := r.r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return nil, fmt.Errorf("resp: bad line %q", line)
	}
	body := line[1 : len(line)-2]
	switch line[0] {
	case '+':
		return body, nil
	case '-':
		return nil, respError(body)
	case ':':
		return strconv.ParseInt(body, 10, 64)
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, nil
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r.r, buf); err != nil {
			return nil, err
		}
		return string(buf[:n]), nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, nil
		}
		out := make([]any, n)
		for i := range out {
			if out[i], err = r.read(); err != nil {
				var re respError
				if !errors.As(err, &re) {
					return nil, err
				}
				out[i] = re
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("resp: unknown reply type %q", line)
}
