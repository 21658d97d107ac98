package ubiops

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

func FuzzErrorMessage(f *testing.F) {
	for _, seed := range []string{
		`{"error":"x"}`, `{"error_message":"y"}`, `{"detail":"z"}`, `{"error":["a",1,null,{"b":2}]}`,
		`{"error":{"name":"\xff"}}`, `[]`, `null`, `"str"`, "<html>", "\xff", "",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msg := errorMessage(body)
		if len(msg) > maxMessage+len("...") {
			t.Errorf("message of %d bytes exceeds the bound", len(msg))
		}
		if !utf8.ValidString(msg) {
			t.Errorf("message %q is not valid UTF-8", msg)
		}
	})
}

func FuzzDecodeResponses(f *testing.F) {
	for _, seed := range []string{
		orgJSON, "[" + orgJSON + "]", userJSON, "[" + userJSON + "]",
		`{"projects":1,"extra":{}}`, `{"interval":"day","data_projects":[{"data":[{"value":1e308}]}]}`,
		`null`, `[]`, `{}`, `{"id":5}`, `[[[[`, "",
	} {
		f.Add([]byte(seed))
	}
	var body atomic.Pointer[[]byte]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write(*body.Load())
	}))
	defer srv.Close()
	c, err := NewClient(Config{Host: srv.URL, Token: testToken, Retry: fastRetries})
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.ListOrganizations(ctx); return err },
		func() error { _, err := c.CreateOrganization(ctx, OrganizationCreate{Name: "a"}); return err },
		func() error { _, err := c.GetOrganization(ctx, "a"); return err },
		func() error { _, err := c.UpdateOrganization(ctx, "a", OrganizationUpdate{}); return err },
		func() error { _, err := c.GetResourceUsage(ctx, "a"); return err },
		func() error { _, err := c.GetUsage(ctx, "a", UsageQuery{}); return err },
		func() error { _, err := c.ListOrganizationUsers(ctx, "a"); return err },
		func() error { _, err := c.GetOrganizationUser(ctx, "a", "u"); return err },
		func() error { return c.DeleteOrganizationUser(ctx, "a", "u") },
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		body.Store(&b)
		for _, call := range calls {
			// Any body may fail to decode; none may panic.
			_ = call()
		}
	})
}
