package main

import (
	"strings"
	"testing"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

func TestWholeListConfigListsTheSameMembers(t *testing.T) {
	cfg := wholeListConfig("bench-whole", 1000)
	for _, want := range []string{
		`name = "bench-whole"`,
		"organization_name = ubiops_organization.bench.name",
		"email = \"" + emulator.DefaultEmail + "\"\n    admin = true",
		"for_each = range(1000)",
		`email = format("member-%04d@example.com", member.value)`,
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %q:\n%s", want, cfg)
		}
	}
}

func TestWholeListTable(t *testing.T) {
	run := func(wall time.Duration) sample {
		return sample{wall: wall, provider: processUsage{cpu: wall / 2, peakBytes: 40 << 20}}
	}
	r := wholeListResult{
		members:     1000,
		apply:       run(9 * time.Second),
		applyStats:  emulator.Stats{Total: 1002, Routes: map[string]int{"POST /organizations/{organization_name}/users": 1000, "GET /organizations/{organization_name}/users": 1, "GET /organizations/{organization_name}": 1}},
		whole:       []sample{run(2 * time.Second), run(3 * time.Second)},
		single:      []sample{run(4 * time.Second), run(4 * time.Second)},
		wholeStats:  emulator.Stats{Total: 2, Routes: map[string]int{"GET /organizations/{organization_name}/users": 1, "GET /organizations/{organization_name}": 1}},
		singleStats: emulator.Stats{Total: 2, Routes: map[string]int{"GET /organizations/{organization_name}/users": 1, "GET /organizations/{organization_name}": 1}},
	}
	got := wholeListTable(r)
	for _, want := range []string{
		"| 1000 | 1 `ubiops_organization_members` | plan | 2 | 2.00 s (2.00–3.00) | 0.50 × | 1.00 s | 40.0 MiB | **2**<br>GET /orgs/{org} 1<br>GET /orgs/{org}/users 1 |",
		"| 1000 | 1000 `ubiops_organization_user` | plan | 2 | 4.00 s (4.00–4.00) | 1.00 × |",
		"| 1000 | 1 `ubiops_organization_members` | apply | 1 | 9.00 s | – | 4.50 s | 40.0 MiB | **1002**<br>POST /orgs/{org}/users 1000<br>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}
