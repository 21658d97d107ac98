package emulator

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer lets the server's goroutines and the test share a log.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRequestLogOmitsTokens(t *testing.T) {
	var log lockedBuffer
	s := newTestServer(t, func(o *Options) { o.Logger = slog.New(slog.NewTextHandler(&log, nil)) })
	call(t, s, http.MethodGet, "/organizations/acme-ml", adminToken, nil).expect(t, http.StatusOK)
	out := log.String()
	if !strings.Contains(out, "path=/v2.1/organizations/acme-ml") || !strings.Contains(out, "status=200") {
		t.Fatalf("log = %q", out)
	}
	if strings.Contains(out, adminToken) {
		t.Fatalf("the log leaks the token: %q", out)
	}
}
