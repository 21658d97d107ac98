package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// These tests cover the pure helpers only; the benchmark itself runs with
// `make bench`, never under `go test`.

func TestBestPossible(t *testing.T) {
	unlimited := 4 * time.Second
	cases := []struct {
		requests, limit int
		want            time.Duration
	}{
		{0, 100, unlimited},
		{1, 100, unlimited},
		{100, 100, unlimited},
		{101, 100, time.Minute + unlimited},
		{102, 100, time.Minute + unlimited},
		{200, 100, time.Minute + unlimited},
		{201, 100, 2*time.Minute + unlimited},
		{50, 0, unlimited},
	}
	for _, c := range cases {
		if got := bestPossible(c.requests, c.limit, unlimited); got != c.want {
			t.Errorf("bestPossible(%d, %d) = %s, want %s", c.requests, c.limit, got, c.want)
		}
	}
}

func TestUntilNextMinute(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 20, 45, 0, time.UTC)
	if got, want := untilNextMinute(now), 15*time.Second+100*time.Millisecond; got != want {
		t.Fatalf("untilNextMinute = %s, want %s", got, want)
	}
	// Exactly on a minute still waits for the next one: the current window
	// has already begun counting.
	if got := untilNextMinute(now.Truncate(time.Minute)); got != time.Minute+100*time.Millisecond {
		t.Fatalf("on the minute: %s", got)
	}
}

func TestTerraformConfig(t *testing.T) {
	cfg := terraformConfig(1000)
	for _, want := range []string{
		`source = "ubiops/ubiops"`,
		`resource "ubiops_organization" "bench"`,
		`name = "bench-org"`,
		"count = 1000",
		`email             = format("member-%04d@example.com", count.index)`,
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %q:\n%s", want, cfg)
		}
	}
	rc := terraformRC("/tmp/plugins")
	if !strings.Contains(rc, `"registry.terraform.io/ubiops/ubiops" = "/tmp/plugins"`) {
		t.Errorf("terraformrc:\n%s", rc)
	}
}

func TestScenarios(t *testing.T) {
	got := scenarios([]int{10, 1000}, []time.Duration{0, 50 * time.Millisecond}, 100, 100)
	var names []string
	for _, s := range got {
		names = append(names, s.name)
	}
	want := "unlimited-10-0ms unlimited-1000-0ms unlimited-10-50ms unlimited-1000-50ms rate-limited-100-100"
	if strings.Join(names, " ") != want {
		t.Fatalf("scenarios = %v", names)
	}
	if last := got[len(got)-1]; !last.alignToMinute || last.rateLimit != 100 || last.members != 100 {
		t.Fatalf("rate-limited scenario = %+v", last)
	}
	if n := len(scenarios([]int{10}, []time.Duration{0}, 100, 0)); n != 1 {
		t.Fatalf("a zero rate limit must skip the rate-limited scenario, got %d scenarios", n)
	}
}

func TestMedianPlan(t *testing.T) {
	first := emulatorStats{Total: 3}
	got := medianPlan([]phase{
		{wall: 5 * time.Second, stats: first, peakRSSKiB: 10},
		{wall: 1 * time.Second, peakRSSKiB: 30},
		{wall: 2 * time.Second, peakRSSKiB: 20},
	})
	if got.wall != 2*time.Second || got.stats.Total != 3 || got.peakRSSKiB != 30 {
		t.Fatalf("medianPlan = %+v", got)
	}
}

// benchResults is a run in which every target is measured.
func benchResults() []result {
	stats := func(total, limited int) emulatorStats {
		return emulatorStats{Total: total, RateLimited: limited, Routes: map[string]int{
			"GET /organizations/{organization_name}":       1,
			"GET /organizations/{organization_name}/users": total - 1,
		}}
	}
	return []result{
		{scenario: scenario{name: "unlimited-100-0ms", members: 100},
			apply: phase{wall: 4 * time.Second, stats: stats(102, 0)}, plan: phase{wall: time.Second, fastest: 900 * time.Millisecond, slowest: 1200 * time.Millisecond, stats: stats(2, 0)}, planRuns: 3},
		{scenario: scenario{name: "unlimited-1000-0ms", members: 1000},
			apply: phase{wall: 30 * time.Second}, plan: phase{wall: 10 * time.Second, stats: stats(2, 0), peakRSSKiB: 60 * 1024}, planRuns: 3},
		{scenario: scenario{name: "unlimited-1000-50ms", members: 1000, latency: 50 * time.Millisecond},
			apply: phase{wall: 40 * time.Second}, plan: phase{wall: 11 * time.Second, stats: stats(2, 0), peakRSSKiB: 70 * 1024}, planRuns: 3},
		{scenario: scenario{name: "rate-limited-100-100", members: 100, rateLimit: 100},
			apply: phase{wall: 70 * time.Second, stats: stats(104, 2)}, plan: phase{wall: time.Second, stats: stats(2, 0)}, planRuns: 3},
	}
}

func TestVerdicts(t *testing.T) {
	vs := verdicts(benchResults())
	for _, v := range vs {
		if v.status != "PASS" {
			t.Errorf("%s: %s (%s)", v.target, v.status, v.measured)
		}
	}
	// 70 s against best (ceil(102/100) − 1) × 60 s + 4 s = 64 s.
	if !strings.Contains(vs[1].measured, "= 1.09 ×") || !strings.Contains(vs[1].measured, "102 requests answered") {
		t.Errorf("apply verdict: %s", vs[1].measured)
	}
	if !strings.Contains(vs[0].measured, "= 1.10 ×, 2 requests") {
		t.Errorf("plan verdict: %s", vs[0].measured)
	}
	if !strings.Contains(vs[2].measured, "70.0 MiB") || !strings.Contains(vs[2].measured, "0.70 × the limit") {
		t.Errorf("memory verdict: %s", vs[2].measured)
	}

	// A failed apply misses however fast it was, and a missing scenario is
	// reported as not measured rather than passed.
	results := benchResults()
	results[3].apply.err = errors.New("terraform apply: exit status 1")
	results = results[1:]
	vs = verdicts(results)
	if vs[1].status != "NOT MEASURED" {
		t.Errorf("without the unlimited 100-member apply: %s", vs[1].status)
	}
	results = benchResults()
	results[3].apply.err = errors.New("boom")
	if vs = verdicts(results); vs[1].status != "MISS" {
		t.Errorf("failed rate-limited apply: %s", vs[1].status)
	}
	results = benchResults()
	results[2].plan.stats.Total = 4
	if vs = verdicts(results); vs[0].status != "MISS" {
		t.Errorf("4 plan requests: %s", vs[0].status)
	}
}

func TestResultsTable(t *testing.T) {
	results := benchResults()
	results[3].plan.err = errors.New("terraform plan: exit status 1\nlong output | with a pipe")
	table := resultsTable(results)
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != 2+len(results) {
		t.Fatalf("table has %d lines:\n%s", len(lines), table)
	}
	for _, want := range []string{
		"| unlimited-100-0ms | 100 | 0 ms | none | 4.00 s | 1.00 s (median of 3, 0.90–1.20) | **102**<br>GET /orgs/{org}/users 101<br>GET /orgs/{org} 1 |",
		"| rate-limited-100-100 | 100 | 0 ms | 100/min | 70.00 s |",
		"– / 70.0 | none |",
		"apply: 2 answered 429; plan: terraform plan: exit status 1 |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	// Every row has as many cells as the header.
	cells := strings.Count(lines[0], "|")
	for _, l := range lines[1:] {
		if strings.Count(l, "|")-strings.Count(l, `\|`) != cells {
			t.Errorf("row has a different number of cells: %s", l)
		}
	}
}

func TestMaxRSS(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rss")
	if err := os.WriteFile(path, []byte("1200\n98000\ntorn\n5000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := maxRSS(path); err != nil || got != 98000 {
		t.Fatalf("maxRSS = %d, %v", got, err)
	}
}

func TestParseOptions(t *testing.T) {
	o, err := parseOptions([]string{"-quick"})
	if err != nil {
		t.Fatal(err)
	}
	if o.rateLimit != 0 || o.planRuns != 1 || len(o.sizes) != 2 {
		t.Fatalf("quick options = %+v", o)
	}
	if _, err := parseOptions([]string{"-sizes", "10,x"}); err == nil {
		t.Fatal("a bad size was accepted")
	}
	o, err = parseOptions(nil)
	if err != nil || len(o.sizes) != 3 || o.sizes[2] != 1000 || len(o.latencies) != 2 || o.latencies[1] != 50*time.Millisecond {
		t.Fatalf("defaults = %+v, %v", o, err)
	}
}

func TestAnalysis(t *testing.T) {
	if got := analysis(verdicts(benchResults())); got != "" {
		t.Fatalf("analysis of a run that passes: %q", got)
	}
	results := benchResults()
	results[2].plan.peakRSSKiB = 150 * 1024
	got := analysis(verdicts(results))
	if !strings.Contains(got, "memory target is missed") || strings.Contains(got, "plan target") {
		t.Fatalf("analysis = %q", got)
	}
}
