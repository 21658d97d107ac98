package emulator

import (
	"fmt"
	"net/http"
	"testing"
)

func TestFaultsBeforeReads(t *testing.T) {
	s := newTestServer(t, WithFaultRate(1, 7))
	c := freshClient()
	seen := map[int]bool{}
	const n = 40
	for range n {
		status := attempt(t, c, s, http.MethodGet, "/organizations", "")
		if status == http.StatusOK {
			t.Fatal("a request passed a fault rate of 1")
		}
		seen[status] = true
	}
	for _, status := range []int{0, 500, 502, 503} {
		if !seen[status] {
			t.Errorf("no %d among the faults: %v", status, seen)
		}
	}
	if st := s.Stats(); st.Faults != n || st.Count("GET /organizations") != n {
		t.Fatalf("stats = %+v", st)
	}
	s.SetFaultRate(0)
	if status := attempt(t, c, s, http.MethodGet, "/organizations", ""); status != http.StatusOK {
		t.Fatalf("status after disabling faults = %d", status)
	}
}

func TestFaultsAfterCommitStoreTheWrite(t *testing.T) {
	s := newTestServer(t, WithFaultRate(1, 3))
	c := freshClient()
	const n = 40
	for i := range n {
		status := attempt(t, c, s, http.MethodPost, "/organizations", fmt.Sprintf(`{"name": "org-%d"}`, i))
		if status == http.StatusCreated {
			t.Fatal("a write passed a fault rate of 1")
		}
	}
	created := 0
	for i := range n {
		if _, ok := s.Organization(fmt.Sprintf("org-%d", i)); ok {
			created++
		}
	}
	// Some faults hit before the handler and some after it committed.
	if created == 0 || created == n {
		t.Fatalf("%d of %d failed writes were committed", created, n)
	}
	if st := s.Stats(); st.Faults != n {
		t.Fatalf("faults = %d", st.Faults)
	}
}

func TestFaultInjectorDraws(t *testing.T) {
	a, b := newFaultInjector(0.5, 42), newFaultInjector(0.5, 42)
	kinds := map[faultKind]bool{}
	for range 2000 {
		k := a.draw(true)
		if k != b.draw(true) {
			t.Fatal("the same seed drew different faults")
		}
		kinds[k] = true
		read := a.draw(false)
		if read != b.draw(false) || read.afterCommit() {
			t.Fatalf("read drew %v", read)
		}
	}
	if len(kinds) != len(writeFaults)+1 {
		t.Fatalf("kinds drawn = %v", kinds)
	}
}
