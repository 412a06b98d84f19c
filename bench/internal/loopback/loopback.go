// Package loopback hands benchmarks ports on 127.0.0.1 for the processes they start.
package loopback

import (
	"fmt"
	"net"
)

// FreePorts returns n loopback ports that were free a moment ago: the n listeners are open
// together, so the ports differ.
func FreePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("a free loopback port: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// Addr is the address of port on 127.0.0.1.
func Addr(port int) string { return fmt.Sprintf("127.0.0.1:%d", port) }
