package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// These tests cover the helpers; the benchmark itself runs with
// `make bench`, never under `go test`.

func TestConfigsDescribeTheSameGraph(t *testing.T) {
	ubiops := ubiopsConfig("bench-org-2", 1000)
	floor := floorConfig("bench-org-2", 1000)
	for _, cfg := range []string{ubiops, floor} {
		for _, want := range []string{`"bench-org-2"`, "count = 1000", `format("member-%04d@example.com", count.index)`} {
			if !strings.Contains(cfg, want) {
				t.Errorf("config lacks %q:\n%s", want, cfg)
			}
		}
	}
	if !strings.Contains(ubiops, "organization_name = ubiops_organization.bench.name") {
		t.Errorf("memberships do not depend on the organization:\n%s", ubiops)
	}
	if !strings.Contains(floor, "organization_name = terraform_data.bench.output") {
		t.Errorf("terraform_data members do not depend on the first:\n%s", floor)
	}
	if strings.Contains(floor, "ubiops_") || strings.Contains(floor, "required_providers") {
		t.Errorf("the floor must need no provider but Terraform's own:\n%s", floor)
	}
	rc := terraformRC("/tmp/plugins")
	if !strings.Contains(rc, `"registry.terraform.io/ubiops/ubiops" = "/tmp/plugins"`) {
		t.Errorf("terraformrc:\n%s", rc)
	}
}

func TestParseOptions(t *testing.T) {
	o, err := parseOptions(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.sizes) != 2 || o.sizes[0] != 100 || o.sizes[1] != 1000 || o.rounds != 3 || o.rateLimit != 100 {
		t.Fatalf("defaults = %+v", o)
	}
	if want := []limitShape{{1, 100}, {4, 50}}; len(o.limited) != 2 || o.limited[0] != want[0] || o.limited[1] != want[1] {
		t.Fatalf("limited = %+v", o.limited)
	}
	if o, err = parseOptions([]string{"-quick"}); err != nil || len(o.limited) != 0 || o.rounds != 1 || o.sizes[1] != 20 {
		t.Fatalf("quick = %+v, %v", o, err)
	}
	for _, bad := range [][]string{{"-sizes", "10,x"}, {"-limited", "4by50"}, {"-limited", "0x50"}, {"-rounds", "0"}, {"extra"}} {
		if _, err := parseOptions(bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

func TestUsageRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usage")
	if u, n, err := providerUsage(path); err != nil || n != 0 || u.cpu != 0 {
		t.Fatalf("no file: %+v, %d, %v", u, n, err)
	}
	for _, u := range []processUsage{{cpu: 120 * time.Millisecond, peakBytes: 30 << 20}, {cpu: 2 * time.Second, peakBytes: 25 << 20}} {
		if err := appendUsage(path, u); err != nil {
			t.Fatal(err)
		}
	}
	u, n, err := providerUsage(path)
	if err != nil || n != 2 || u.cpu != 2120*time.Millisecond || u.peakBytes != 30<<20 {
		t.Fatalf("providerUsage = %+v, %d, %v", u, n, err)
	}
	if err := os.WriteFile(path, []byte("12 x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := providerUsage(path); err == nil || !strings.Contains(err.Error(), `malformed line "12 x"`) {
		t.Fatalf("malformed file: %v", err)
	}
}

func walls(ds ...time.Duration) []sample {
	out := make([]sample, len(ds))
	for i, d := range ds {
		out[i] = sample{wall: d, load: float64(i + 1)}
	}
	return out
}

func TestMediansAndRatios(t *testing.T) {
	a := walls(11*time.Second, 30*time.Second, 12*time.Second)
	b := walls(10*time.Second, 15*time.Second, 10*time.Second)
	if got := spread(a, wallOf); got != "12.00 s (11.00–30.00)" {
		t.Errorf("spread = %q", got)
	}
	// Pairs: 1.10, 2.00, 1.20; the one disturbed pair does not decide.
	if got := pairedRatio(a, b); got != "1.20 ×" {
		t.Errorf("pairedRatio = %q", got)
	}
	if got := median(walls(4*time.Second, 1*time.Second), wallOf); got != time.Second {
		t.Errorf("median of two = %s, want the lower, a measured value", got)
	}
	if got := loadRange(a, b); got != "1.0–3.0" {
		t.Errorf("loadRange = %q", got)
	}
	if got := loadRange([]sample{{load: -1}}); got != "unknown" {
		t.Errorf("loadRange without a load = %q", got)
	}
}

func TestFloorTable(t *testing.T) {
	run := func(wall, cpu, provider time.Duration) sample {
		return sample{wall: wall, cpu: cpu, provider: processUsage{cpu: provider, peakBytes: 40 << 20}, load: 2}
	}
	res := floorResult{
		members:     999,
		ubiopsPlan:  []sample{run(11*time.Second, 20*time.Second, 5*time.Second), run(12*time.Second, 21*time.Second, 5*time.Second)},
		floorPlan:   []sample{{wall: 10 * time.Second, cpu: 14 * time.Second}, {wall: 10 * time.Second, cpu: 15 * time.Second}},
		ubiopsApply: []sample{run(30*time.Second, 40*time.Second, 10*time.Second)},
		floorApply:  []sample{{wall: 25 * time.Second, cpu: 28 * time.Second}},
	}
	table := floorTable([]floorResult{res})
	for _, want := range []string{
		// Terraform's CPU is the command's less the provider's: 20 − 5 = 15 s.
		"| 1 + 999 | plan | 2 | 11.00 s (11.00–12.00) | 10.00 s (10.00–10.00) | 1.10 × | 15.00 s / 14.00 s | 5.00 s | 5.00 ms | 40.0 MiB | 0.0–2.0 |",
		"| 1 + 999 | apply | 1 | 30.00 s | 25.00 s | 1.20 × | 30.00 s / 28.00 s | 10.00 s | 10.00 ms | 40.0 MiB |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

func TestBestPossibleAndLimitTable(t *testing.T) {
	res := limitResult{
		applies: 4, members: 50, limit: 100,
		unlimited: walls(3*time.Second, 4*time.Second, 4*time.Second, 2*time.Second),
		limited:   walls(100*time.Second, 130*time.Second, 125*time.Second, 90*time.Second),
		stats:     emulator.Stats{Total: 215, RateLimited: 11},
	}
	// 204 answered → 3 windows: 2 minutes of waiting after the unlimited 4 s.
	if got := res.bestPossible(); got != 124*time.Second {
		t.Fatalf("bestPossible = %s", got)
	}
	res.limited[2].err = errors.New("exit status 1")
	table := limitTable([]limitResult{res})
	if want := "| 4 | 50 | 100/min | 204 (11) | 4.00 s | 130.00 s | 124.00 s | 1.05 × | 1 of 4 | 1.0–4.0 |"; !strings.Contains(table, want) {
		t.Errorf("table lacks %q:\n%s", want, table)
	}
	for _, c := range []struct {
		accepted int
		want     time.Duration
	}{{0, 4 * time.Second}, {100, 4 * time.Second}, {101, time.Minute + 4*time.Second}, {201, 2*time.Minute + 4*time.Second}} {
		res.stats = emulator.Stats{Total: c.accepted}
		if got := res.bestPossible(); got != c.want {
			t.Errorf("%d answered: bestPossible = %s, want %s", c.accepted, got, c.want)
		}
	}
}

func TestRoutesCell(t *testing.T) {
	s := emulator.Stats{Total: 1002, Routes: map[string]int{
		"POST /organizations/{organization_name}/users": 1000,
		"POST /organizations":                           1,
		"GET /organizations/{organization_name}":        1,
	}}
	if got, want := routesCell(s), "**1002**<br>POST /orgs/{org}/users 1000<br>GET /orgs/{org} 1<br>POST /orgs 1"; got != want {
		t.Fatalf("routesCell = %q, want %q", got, want)
	}
}

func TestWriteReportKeepsWhatLiesOutsideTheMarkers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := writeReport(path, "first\n"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if want := "# Benchmarks\n\n" + beginMarker + "\nfirst\n" + endMarker + "\n"; string(data) != want {
		t.Fatalf("new file = %q", data)
	}
	kept := "# Benchmarks\n\nNotes kept by hand.\n\n" + beginMarker + "\nold\n" + endMarker + "\n\nMore notes.\n"
	if err := os.WriteFile(path, []byte(kept), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeReport(path, "second\n"); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if want := strings.Replace(kept, "old", "second", 1); string(data) != want {
		t.Fatalf("rewritten file = %q, want %q", data, want)
	}
	if err := os.WriteFile(path, []byte("hand-written\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeReport(path, "third\n"); err == nil {
		t.Fatal("a file without markers was overwritten")
	}
	if data, _ = os.ReadFile(path); string(data) != "hand-written\n" {
		t.Fatalf("file without markers changed: %q", data)
	}
}
