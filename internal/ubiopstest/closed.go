package ubiopstest

import (
	"net"
	"testing"
)

// ClosedAddress returns a 127.0.0.1 address (host:port) nothing listens on,
// for tests of a host that refuses connections.
func ClosedAddress(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	// The address is only useful once nothing listens on it any more.
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}
