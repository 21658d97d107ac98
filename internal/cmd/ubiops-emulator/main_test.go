package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	seed := filepath.Join("..", "..", "..", "examples", "emulator", "seed.json")
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-seed", seed, "-rate-limit-window", "30s"}, pw)
	}()

	out := bufio.NewReader(pr)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatalf("reading the announcement: %v", err)
	}
	help, err := out.ReadString('\n')
	if err != nil || !strings.HasPrefix(help, "Sign in: POST /v2.1/oauth/sign-in") {
		t.Fatalf("second line = %q, %v; want how to sign in", help, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }() // the rest of the sign-in help
	const prefix = "ubiops-emulator listening on "
	if !strings.HasPrefix(line, prefix) || !strings.HasSuffix(line, "/v2.1\n") {
		t.Fatalf("announcement = %q", line)
	}
	base := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), prefix), "/v2.1")

	req, _ := http.NewRequest(http.MethodGet, base+"/v2.1/organizations/acme-ml", nil)
	req.Header.Set("Authorization", "Bearer local-dev-token") // Ada's pre-issued access token in the seed
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	reset, _ := strconv.Atoi(resp.Header.Get("X-Ratelimit-Reset"))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Ratelimit-Limit") != "300" || reset < 1 || reset > 30 {
		t.Fatalf("GET acme-ml: status %d, limit %q, reset %d (want within the 30 s window)",
			resp.StatusCode, resp.Header.Get("X-Ratelimit-Limit"), reset)
	}

	// The user group counts apart, with UbiOps' 30 a minute by default.
	req, _ = http.NewRequest(http.MethodGet, base+"/v2.1/user", nil)
	req.Header.Set("Authorization", "Bearer local-dev-token")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Ratelimit-Limit") != "30" || resp.Header.Get("X-Ratelimit-Remaining") != "29" {
		t.Fatalf("GET /user: status %d, limit %q, remaining %q (want the user group's 30, 29 left)",
			resp.StatusCode, resp.Header.Get("X-Ratelimit-Limit"), resp.Header.Get("X-Ratelimit-Remaining"))
	}

	resp, err = http.Get(base + "/__emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	var stats struct {
		Total  int            `json:"total"`
		Routes map[string]int `json:"routes"`
	}
	err = json.NewDecoder(resp.Body).Decode(&stats)
	_ = resp.Body.Close()
	if err != nil || stats.Total != 2 || stats.Routes["GET /organizations/{organization_name}"] != 1 {
		t.Fatalf("stats = %+v, %v", stats, err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(bad, []byte(`{"users": [{"email": "nope"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"unknown flag":   {"-nope"},
		"missing seed":   {"-seed", filepath.Join(t.TempDir(), "missing.json")},
		"invalid seed":   {"-seed", bad},
		"bad fault rate": {"-fault-rate", "2"},
		"bad window":     {"-rate-limit-window", "-1s"},
		"bad user limit": {"-rate-limit-user", "-1"},
		"bad token TTL":  {"-access-token-ttl", "-1h"},
		"extra argument": {"serve"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := run(context.Background(), append(args, "-listen", "127.0.0.1:0"), io.Discard); err == nil {
				t.Fatal("run succeeded")
			}
		})
	}
}

func TestHelpListsEveryFlag(t *testing.T) {
	var out strings.Builder
	err := run(context.Background(), []string{"-h"}, &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h = %v, want flag.ErrHelp (which main exits 0 on)", err)
	}
	for _, f := range []string{"-listen", "-seed", "-latency", "-rate-limit ", "-rate-limit-user", "-rate-limit-window", "-access-token-ttl", "-fault-rate", "-fault-seed", "-v"} {
		if !strings.Contains(out.String(), f) {
			t.Errorf("usage lacks %s:\n%s", f, out.String())
		}
	}
}

func TestFlagsReachTheOptions(t *testing.T) {
	c, err := parseFlags([]string{"-rate-limit", "7", "-rate-limit-user", "4", "-rate-limit-window", "5s", "-access-token-ttl", "2m", "-latency", "3ms"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := c.options()
	if err != nil {
		t.Fatal(err)
	}
	if opts.RateLimit != 7 || opts.RateLimitUser != 4 || opts.RateLimitWindow != 5*time.Second || opts.AccessTokenTTL != 2*time.Minute || opts.Latency != 3*time.Millisecond {
		t.Fatalf("options = %+v", opts)
	}
}

func TestAnnouncementWithoutASeed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-listen", "127.0.0.1:0"}, pw) }()
	out := bufio.NewReader(pr)
	var lines []string
	for range 4 {
		line, err := out.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	text := strings.Join(lines, "")
	for _, want := range []string{"/v2.1\n", `"admin@example.com"`, `"local-dev-password"`, "Bearer local-dev-token", "Token local-service-token"} {
		if !strings.Contains(text, want) {
			t.Errorf("announcement lacks %q:\n%s", want, text)
		}
	}
	if !strings.HasSuffix(lines[0], "/v2.1\n") {
		t.Errorf("first line = %q, want it to end with the base URL", lines[0])
	}
}
