package ubiops

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// memoryClient returns a client whose every request is answered from memory
// with body, so benchmarks measure the client and not the network.
func memoryClient(b *testing.B, body string) *Client {
	b.Helper()
	transport := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Body != nil {
			_, _ = io.Copy(io.Discard, r.Body)
			_ = r.Body.Close()
		}
		return &http.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{headerRemaining: []string{"299"}, headerReset: []string{"60"}},
			Body:       io.NopCloser(strings.NewReader(body)),
			Request:    r,
		}, nil
	})
	c, err := NewClient(Config{Token: testToken, Transport: transport})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkBuildRequest(b *testing.B) {
	c := memoryClient(b, "")
	ctx := context.Background()
	in := OrganizationUpdate{Name: ptr("acme-2"), SubscriptionEndDate: Null[string]()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.newRequest(ctx, http.MethodPatch, path("organizations", "team a/b"), nil, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDo is one request through every layer, answered from memory.
func BenchmarkDo(b *testing.B) {
	c := memoryClient(b, userJSON)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.UpdateOrganizationUser(ctx, "acme", "u-1", OrganizationUserUpdate{Admin: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeUsers1000(b *testing.B) {
	var sb strings.Builder
	sb.WriteByte('[')
	for i := range 1000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"id":"00000000-0000-0000-0000-%012d","email":"user%d@example.com","name":"User","surname":"Number %d","admin":%t,"status":"active"}`, i, i, i, i%10 == 0)
	}
	sb.WriteByte(']')
	c := memoryClient(b, sb.String())
	ctx := context.Background()
	b.SetBytes(int64(sb.Len()))
	b.ReportAllocs()
	for b.Loop() {
		users, err := c.ListOrganizationUsers(ctx, "acme")
		if err != nil || len(users) != 1000 {
			b.Fatal(len(users), err)
		}
	}
}
