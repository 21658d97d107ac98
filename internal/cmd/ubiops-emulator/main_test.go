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
)

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	seed := filepath.Join("..", "..", "..", "examples", "emulator", "seed.json")
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-seed", seed, "-rate-limit-window", "30s"}, pw)
	}()

	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the announcement: %v", err)
	}
	const prefix = "ubiops-emulator listening on "
	if !strings.HasPrefix(line, prefix) || !strings.HasSuffix(line, "/v2.1\n") {
		t.Fatalf("announcement = %q", line)
	}
	base := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), prefix), "/v2.1")

	req, _ := http.NewRequest(http.MethodGet, base+"/v2.1/organizations/acme-ml", nil)
	req.Header.Set("Authorization", "Token local-dev-token")
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
	if err != nil || stats.Total != 1 || stats.Routes["GET /organizations/{organization_name}"] != 1 {
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
	for _, f := range []string{"-listen", "-seed", "-latency", "-rate-limit ", "-rate-limit-window", "-fault-rate", "-fault-seed", "-v"} {
		if !strings.Contains(out.String(), f) {
			t.Errorf("usage lacks %s:\n%s", f, out.String())
		}
	}
}
