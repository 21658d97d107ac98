package provider

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// fakeUbiOps starts a server that answers, as UbiOps does, the requests the
// provider makes while it is configured (the status and the signed-in user),
// and hands every other request to next: a test plays a hostile or broken
// UbiOps with next alone. It returns the API's base URL.
func fakeUbiOps(t *testing.T, next http.Handler) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2.1/status", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status": "ok"}`))
	})
	mux.HandleFunc("GET /v2.1/user", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id": "7f1c1a53-4a49-4c5b-9a55-0c1f1a2b3c4d", "email": "admin@example.com", "name": "Ada", "surname": "Admin"}`))
	})
	mux.Handle("/", next)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/v2.1"
}
