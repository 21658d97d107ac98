package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// floorTable renders the comparison with terraform_data, a row per size and
// command.
func floorTable(results []floorResult) string {
	var b strings.Builder
	b.WriteString("| Resources | Command | Runs | Wall: ubiops | Wall: terraform_data | Wall ratio | CPU of Terraform: ubiops run / terraform_data run | CPU of the provider | Provider CPU per resource | Provider peak memory | Load average |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		for _, c := range []struct {
			name          string
			ubiops, floor []sample
		}{{"plan", r.ubiopsPlan, r.floorPlan}, {"apply", r.ubiopsApply, r.floorApply}} {
			if len(c.ubiops) == 0 {
				continue
			}
			instances := r.members + 1
			provider := median(c.ubiops, func(x sample) time.Duration { return x.provider.cpu })
			fmt.Fprintf(&b, "| 1 + %d | %s | %d | %s | %s | %s | %s / %s | %s | %s | %s | %s |\n",
				r.members, c.name, len(c.ubiops),
				spread(c.ubiops, wallOf), spread(c.floor, wallOf), pairedRatio(c.ubiops, c.floor),
				seconds(median(c.ubiops, sample.terraformCPU)), seconds(median(c.floor, sample.terraformCPU)),
				seconds(provider), milliseconds(provider/time.Duration(instances)),
				peakMemory(c.ubiops), loadRange(c.ubiops, c.floor))
		}
	}
	return b.String()
}

// requestsTable lists what the ubiops runs asked of the API.
func requestsTable(floor floorResult, lat *latencyResult) string {
	var b strings.Builder
	b.WriteString("| Command | Members | Latency | Wall | Requests |\n|---|---:|---:|---:|---|\n")
	row := func(command string, latency time.Duration, runs []sample, stats emulator.Stats) {
		fmt.Fprintf(&b, "| %s | %d | %d ms | %s | %s |\n", command, floor.members, latency.Milliseconds(), spread(runs, wallOf), routesCell(stats))
	}
	row("apply", 0, floor.ubiopsApply, floor.applyStats)
	row("plan", 0, floor.ubiopsPlan, floor.planStats)
	if lat != nil {
		row("plan", lat.latency, lat.plans, lat.stats)
	}
	return b.String()
}

// limitTable renders the rate-limited applies.
func limitTable(results []limitResult) string {
	var b strings.Builder
	b.WriteString("| Applies at once | Members each | Limit | Requests answered (429) | Last finished without a limit | Last finished with the limit | Best possible | Ratio | Failed applies | Load average |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		best := r.bestPossible()
		last := lastFinish(r.limited)
		ratio := "–"
		if best > 0 && last > 0 {
			ratio = fmt.Sprintf("%.2f ×", last.Seconds()/best.Seconds())
		}
		fmt.Fprintf(&b, "| %d | %d | %s | %d (%d) | %s | %s | %s | %s | %d of %d | %s |\n",
			r.applies, r.members, rateLabel(r.limit), r.stats.Total-r.stats.RateLimited, r.stats.RateLimited,
			seconds(lastFinish(r.unlimited)), seconds(last), seconds(best), ratio,
			failed(r.limited), len(r.limited), loadRange(r.unlimited, r.limited))
	}
	return b.String()
}

func wallOf(r sample) time.Duration { return r.wall }

// median returns the median of f over runs (the lower middle of an even
// count, so that it is always a measured value).
func median(runs []sample, f func(sample) time.Duration) time.Duration {
	if len(runs) == 0 {
		return 0
	}
	vs := make([]time.Duration, len(runs))
	for i, r := range runs {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	return vs[(len(vs)-1)/2]
}

// spread is the median with the range of the runs it came from.
func spread(runs []sample, f func(sample) time.Duration) string {
	if len(runs) == 0 {
		return "–"
	}
	if len(runs) == 1 {
		return seconds(f(runs[0]))
	}
	lo, hi := f(runs[0]), f(runs[0])
	for _, r := range runs {
		lo, hi = min(lo, f(r)), max(hi, f(r))
	}
	return fmt.Sprintf("%s (%.2f–%.2f)", seconds(median(runs, f)), lo.Seconds(), hi.Seconds())
}

// pairedRatio is the median of the wall-time ratios of runs made next to
// each other: the machine's load changes less within a pair than across
// the whole benchmark.
func pairedRatio(a, b []sample) string {
	n := min(len(a), len(b))
	if n == 0 {
		return "–"
	}
	ratios := make([]float64, 0, n)
	for i := range n {
		if b[i].wall > 0 {
			ratios = append(ratios, a[i].wall.Seconds()/b[i].wall.Seconds())
		}
	}
	if len(ratios) == 0 {
		return "–"
	}
	slices.Sort(ratios)
	return fmt.Sprintf("%.2f ×", ratios[(len(ratios)-1)/2])
}

// peakMemory is the largest provider peak of runs.
func peakMemory(runs []sample) string {
	var peak int64
	for _, r := range runs {
		peak = max(peak, r.provider.peakBytes)
	}
	if peak == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MiB", float64(peak)/(1<<20))
}

// loadRange is the lowest and highest load average the runs started at.
func loadRange(groups ...[]sample) string {
	lo, hi := -1.0, -1.0
	for _, runs := range groups {
		for _, r := range runs {
			if r.load < 0 {
				continue
			}
			if lo < 0 || r.load < lo {
				lo = r.load
			}
			hi = max(hi, r.load)
		}
	}
	if lo < 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.1f–%.1f", lo, hi)
}

func failed(runs []sample) int {
	n := 0
	for _, r := range runs {
		if r.err != nil {
			n++
		}
	}
	return n
}

func rateLabel(perMinute int) string {
	if perMinute <= 0 {
		return "none"
	}
	return fmt.Sprintf("%d/min", perMinute)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func milliseconds(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

// routesCell lists requests by route, most first, after the total in bold.
// Route patterns are shortened ({organization_name} → {org}).
func routesCell(s emulator.Stats) string {
	routes := make([]string, 0, len(s.Routes))
	for route := range s.Routes {
		routes = append(routes, route)
	}
	slices.SortFunc(routes, func(a, b string) int {
		if d := s.Routes[b] - s.Routes[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	parts := []string{fmt.Sprintf("**%d**", s.Total)}
	for _, route := range routes {
		short := strings.ReplaceAll(route, "{organization_name}", "{org}")
		parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(short, "/organizations", "/orgs"), s.Routes[route]))
	}
	return strings.Join(parts, "<br>")
}
