package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// resultsTable renders the results as a Markdown table, one row a scenario.
func resultsTable(results []result) string {
	var b strings.Builder
	b.WriteString("| Scenario | Members | Latency | Rate limit | Apply | Plan | Requests: apply | Requests: plan | Provider peak RSS apply / plan (MiB) | Errors |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---|---|---:|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s | %s / %s | %s |\n",
			r.name, r.members, latencyLabel(r.latency), rateLabel(r.rateLimit),
			wallCell(r.apply), planCell(r), routesCell(r.apply), routesCell(r.plan),
			mib(r.apply.peakRSSKiB), mib(r.plan.peakRSSKiB), errorsCell(r))
	}
	return b.String()
}

// verdictTable renders the targets with their outcome.
func verdictTable(vs []verdict) string {
	var b strings.Builder
	b.WriteString("| Target | Measured | Result |\n|---|---|---|\n")
	for _, v := range vs {
		measured := v.measured
		if measured == "" {
			measured = "–"
		}
		fmt.Fprintf(&b, "| %s | %s | **%s** |\n", v.target, measured, v.status)
	}
	return b.String()
}

func latencyLabel(d time.Duration) string {
	if d == 0 {
		return "0 ms"
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func rateLabel(perMinute int) string {
	if perMinute <= 0 {
		return "none"
	}
	return fmt.Sprintf("%d/min", perMinute)
}

// seconds formats a wall time the way the table shows it.
func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// mib formats KiB as MiB; "–" when nothing was recorded.
func mib(kib int64) string {
	if kib <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", float64(kib)/1024)
}

func wallCell(p phase) string {
	if p.wall == 0 {
		return "–"
	}
	return seconds(p.wall)
}

func planCell(r result) string {
	if r.plan.wall == 0 {
		return "–"
	}
	if r.planRuns > 1 {
		return fmt.Sprintf("%s (median of %d, %.2f–%.2f)", seconds(r.plan.wall), r.planRuns, r.plan.fastest.Seconds(), r.plan.slowest.Seconds())
	}
	return seconds(r.plan.wall)
}

// routesCell lists requests by route, most first, with the total. Route
// patterns are shortened ({organization_name} → {org}) to keep cells narrow.
func routesCell(p phase) string {
	if p.stats.Total == 0 && len(p.stats.Routes) == 0 {
		if p.wall == 0 {
			return "–"
		}
		return "0"
	}
	routes := make([]string, 0, len(p.stats.Routes))
	for route := range p.stats.Routes {
		routes = append(routes, route)
	}
	slices.SortFunc(routes, func(a, b string) int {
		if d := p.stats.Routes[b] - p.stats.Routes[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	parts := []string{fmt.Sprintf("**%d**", p.stats.Total)}
	for _, route := range routes {
		parts = append(parts, fmt.Sprintf("%s %d", shortRoute(route), p.stats.Routes[route]))
	}
	return strings.Join(parts, "<br>")
}

func shortRoute(route string) string {
	route = strings.ReplaceAll(route, "{organization_name}", "{org}")
	return strings.ReplaceAll(route, "/organizations", "/orgs")
}

// errorsCell says what failed, and counts 429 answers and injected faults,
// which the provider may have retried successfully but a reader should see.
func errorsCell(r result) string {
	var parts []string
	if r.setupErr != nil {
		parts = append(parts, "setup: "+firstLine(r.setupErr.Error()))
	}
	for _, ph := range []struct {
		name string
		p    phase
	}{{"apply", r.apply}, {"plan", r.plan}} {
		if ph.p.err != nil {
			parts = append(parts, ph.name+": "+firstLine(ph.p.err.Error()))
		}
		if n := ph.p.stats.RateLimited; n > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d answered 429", ph.name, n))
		}
		if n := ph.p.stats.Faults; n > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d faults", ph.name, n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.ReplaceAll(line, "|", `\|`)
}
