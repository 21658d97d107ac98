package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestConcurrentMemberCreation(t *testing.T) {
	s := newTestServer(t)
	const workers, emails = 16, 10
	var created atomic.Int32
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range emails {
				email := fmt.Sprintf("user%d@example.com", i)
				if w%2 == 1 {
					email = strings.ToUpper(email)
				}
				status := attempt(t, http.DefaultClient, s, http.MethodPost, "/organizations/acme-ml/users",
					`{"email": "`+email+`"}`)
				switch status {
				case http.StatusCreated:
					created.Add(1)
				case http.StatusBadRequest:
				default:
					t.Errorf("status %d", status)
				}
			}
		}()
	}
	wg.Wait()
	if created.Load() != emails {
		t.Fatalf("%d memberships created for %d emails", created.Load(), emails)
	}
	seen := map[string]bool{}
	for _, m := range s.Members("acme-ml") {
		key := strings.ToLower(m.Email)
		if seen[key] {
			t.Fatalf("duplicate member %s", m.Email)
		}
		seen[key] = true
	}
	if len(seen) != 3+emails {
		t.Fatalf("%d members", len(seen))
	}
}
