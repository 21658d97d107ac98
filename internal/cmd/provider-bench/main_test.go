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
	for _, k := range floorKinds {
		cfg := config(k+".tf", "bench-org-2", 1000)
		for _, want := range []string{`"bench-org-2"`, "count", "= 1000", `format("member-%04d@example.com", count.index)`} {
			if !strings.Contains(cfg, want) {
				t.Errorf("%s config lacks %q:\n%s", k, want, cfg)
			}
		}
	}
	for kind, dependency := range map[int]string{0: "ubiops_organization.bench.name", 1: "terraform_data.bench.output", 2: "null_resource.bench.triggers.name"} {
		if cfg := config(floorKinds[kind]+".tf", "o", 1); !strings.Contains(cfg, "organization_name = "+dependency) {
			t.Errorf("%s members do not depend on the first:\n%s", floorKinds[kind], cfg)
		}
	}
	if floor := config("terraform_data.tf", "o", 1); strings.Contains(floor, "ubiops_") || strings.Contains(floor, "required_providers") {
		t.Errorf("terraform_data must need no provider but Terraform's own:\n%s", floor)
	}
	rc := config("terraformrc", "/tmp/plugins")
	for _, want := range []string{`"registry.terraform.io/ubiops/ubiops"  = "/tmp/plugins"`, `"registry.terraform.io/hashicorp/null" = "/tmp/plugins"`} {
		if !strings.Contains(rc, want) {
			t.Errorf("terraformrc lacks %s:\n%s", want, rc)
		}
	}
}

func TestScaleConfigListsEveryMemberOnce(t *testing.T) {
	cfg := scaleConfig("acme", 3, scaleMember(1))
	for _, want := range []string{"import {\n  to = ubiops_organization_members.all\n  id = \"acme\"\n}",
		`"admin@example.com" = "admin"`, `"member-00000@example.com" = "member"`, `"member-00001@example.com" = "admin"`,
		`"member-00002@example.com" = "member"`} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %q:\n%s", want, cfg)
		}
	}
	if n := strings.Count(cfg, "@example.com\" ="); n != 4 {
		t.Errorf("%d members listed, want 4:\n%s", n, cfg)
	}
}

func TestParseOptions(t *testing.T) {
	o, err := parseOptions(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.sizes) != 2 || o.sizes[1] != 1000 || len(o.scale) != 3 || o.scale[2] != 10000 || o.rounds != 3 || len(o.only) != 3 {
		t.Fatalf("defaults = %+v", o)
	}
	if o, err = parseOptions([]string{"-only", "scale"}); err != nil || len(o.only) != 1 || o.only[0] != "scale" {
		t.Fatalf("-only scale = %+v, %v", o, err)
	}
	if o, err = parseOptions([]string{"-quick"}); err != nil || strings.Contains(strings.Join(o.only, ","), "limited") || o.rounds != 1 || o.sizes[1] != 20 {
		t.Fatalf("quick = %+v, %v", o, err)
	}
	for _, bad := range [][]string{{"-sizes", "10,x"}, {"-scale", "0"}, {"-only", "everything"}, {"-rounds", "0"}, {"extra"}} {
		if _, err := parseOptions(bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

func TestUsageRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usage")
	if u, err := providerUsage(path); err != nil || u.cpu != 0 {
		t.Fatalf("no file: %+v, %v", u, err)
	}
	for _, u := range []processUsage{{cpu: 120 * time.Millisecond, peakBytes: 30 << 20}, {cpu: 2 * time.Second, peakBytes: 25 << 20}} {
		if err := appendUsage(path, u); err != nil {
			t.Fatal(err)
		}
	}
	if u, err := providerUsage(path); err != nil || u.cpu != 2120*time.Millisecond || u.peakBytes != 30<<20 {
		t.Fatalf("providerUsage = %+v, %v", u, err)
	}
	if err := os.WriteFile(path, []byte("12 x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := providerUsage(path); err == nil || !strings.Contains(err.Error(), `malformed line "12 x"`) {
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
	if got := spread(a); got != "12.00 s (11.00–30.00)" {
		t.Errorf("spread = %q", got)
	}
	if got := spread(a[:1]) + " " + spread(nil); got != "11.00 s –" {
		t.Errorf("spread of one and none = %q", got)
	}
	// Pairs: 1.10, 2.00, 1.20; the one disturbed pair does not decide.
	if got := pairedRatio(a, b); got != "1.20 ×" {
		t.Errorf("pairedRatio = %q", got)
	}
	if got := median(each(walls(4*time.Second, 1*time.Second), wallOf)); got != time.Second {
		t.Errorf("median of two = %s, want the lower, a measured value", got)
	}
	if got := loadRange(row{runs: a, base: b}); got != "1.0–3.0" {
		t.Errorf("loadRange = %q", got)
	}
	if got := loadRange(row{runs: []sample{{load: -1}}}); got != "unknown" {
		t.Errorf("loadRange without a load = %q", got)
	}
}

func TestMeasuredTable(t *testing.T) {
	run := func(wall, cpu, provider time.Duration, peak int64) sample {
		return sample{wall: wall, cpu: cpu, provider: processUsage{cpu: provider, peakBytes: peak}, load: 2}
	}
	ubiops := &row{size: 999, command: "plan", kind: "ubiops", paired: true, stats: emulator.Stats{Total: 4, Routes: map[string]int{"GET /user": 4}},
		runs: []sample{run(11*time.Second, 20*time.Second, 5*time.Second, 40<<20), run(12*time.Second, 21*time.Second, 5*time.Second, 42<<20)}}
	floor := &row{size: 999, command: "plan", kind: "terraform_data", paired: true, base: ubiops.runs,
		runs: []sample{run(10*time.Second, 14*time.Second, 0, 0), run(10*time.Second, 15*time.Second, 0, 0)}}
	larger := &row{size: 9999, command: "plan", kind: "ubiops_organization_members", base: ubiops.runs,
		runs: []sample{run(110*time.Second, 20*time.Second, 5*time.Second, 40<<20)}}
	ubiops.runs[1].err = errors.New("terraform plan: exit status 1\nError: boom")
	text := report{sections: []section{{title: "Floor", columns: measuredColumns, rows: []*row{ubiops, floor, larger}}}}.markdown()
	for _, want := range []string{
		// Terraform's CPU is the command's less the provider's: 20 − 5 = 15 s.
		"| 999 | plan | ubiops | 2 | 11.00 s (11.00–12.00) | – | 15.00 s | 5.00 s | 5.00 ms | 40.0 MiB | **4**<br>GET /user 4 | 2.0–2.0 |",
		"| 999 | plan | terraform_data | 2 | 10.00 s (10.00–10.00) | 1.10 × | 14.00 s | – | – | – | **0** | 2.0–2.0 |",
		"| 9999 | plan | ubiops_organization_members | 1 | 110.00 s | 10.00 × | 15.00 s | 5.00 s | 0.50 ms | 40.0 MiB |",
		"### Failed commands\n\n- Floor, 999 ubiops, plan #2: terraform plan: exit status 1\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestBestPossibleAndLimitTable(t *testing.T) {
	rw := row{size: 50, limit: 100, stats: emulator.Stats{Total: 215, RateLimited: 11},
		base: walls(3*time.Second, 4*time.Second, 4*time.Second, 2*time.Second),
		runs: walls(100*time.Second, 130*time.Second, 125*time.Second, 90*time.Second)}
	// 204 answered → 3 windows: 2 minutes of waiting after the unlimited 4 s.
	if got := bestPossible(rw); got != 124*time.Second {
		t.Fatalf("bestPossible = %s", got)
	}
	text := report{sections: []section{{title: "Limited", columns: limitColumns, rows: []*row{&rw}}}}.markdown()
	if want := "| 4 | 50 | 100/min | 204 (11) | 4.00 s | 130.00 s | 124.00 s | 1.05 × | 1.0–4.0 |"; !strings.Contains(text, want) {
		t.Errorf("report lacks %q:\n%s", want, text)
	}
	for accepted, want := range map[int]time.Duration{0: 4 * time.Second, 100: 4 * time.Second, 101: time.Minute + 4*time.Second, 201: 2*time.Minute + 4*time.Second} {
		if rw.stats = (emulator.Stats{Total: accepted}); bestPossible(rw) != want {
			t.Errorf("%d answered: bestPossible = %s, want %s", accepted, bestPossible(rw), want)
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
