package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRequest feeds arbitrary methods, paths, queries and bodies to the
// handler: whatever a client sends, the answer is never a 5xx and its body,
// if any, is JSON.
func FuzzRequest(f *testing.F) {
	f.Add("POST", "/organizations", "", `{"name": "x", "subscription": "premium", "subscription_end_date": "2021-03-25"}`)
	f.Add("PATCH", "/organizations/acme-ml", "", `{"subscription_end_date": null, "name": 5}`)
	f.Add("POST", "/organizations/acme-ml/users", "", `{"email": "a@b.c", "admin": "yes"}`)
	f.Add("PATCH", "/organizations/acme-ml/users/x", "", `[1, 2`)
	f.Add("GET", "/organizations/acme-ml/usage", "start_date=2026-01-01&end_date=2026-02-01&interval=day", "")
	f.Add("GET", "/organizations/acme-ml/usage", "start_date=0001-01-01T00:00:00Z&end_date=9999-12-31&interval=month", "")
	f.Add("DELETE", "/organizations/%2e%2e/users/%00", "a=%zz", "null")
	f.Add("GET", "//organizations/../x/", "", "")
	e, err := New(Options{Seed: testSeed(f)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		target := APIPrefix + path
		if query != "" {
			target += "?" + query
		}
		req, err := http.NewRequest(method, "http://emulator"+target, strings.NewReader(body))
		if err != nil {
			return // not a request a client could send
		}
		req.RemoteAddr = "192.0.2.1:1234"
		req.Header.Set("Authorization", "Token "+adminToken)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q: status %d: %s", method, target, rec.Code, rec.Body)
		}
		if rec.Body.Len() > 0 && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %q: body is not JSON: %q", method, target, rec.Body)
		}
	})
}
