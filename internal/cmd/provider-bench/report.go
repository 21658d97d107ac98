package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// row is one line of a table: one configuration (kind) of size members
// running command, compared with base; stats are the first run's requests
// (a rate-limited row's: all applies', limit the requests per minute).
type row struct {
	size          int
	command, kind string
	runs, base    []sample
	paired        bool
	stats         emulator.Stats
	limit         int
}

// column is one column of a table: its heading and how a row fills it.
type column struct {
	head string
	cell func(row) string
}

// section is one table of the report: -only names it, run fills its rows
// and note; BENCHMARKS.md tells how it measures.
type section struct {
	name, title, note string
	columns           []column
	run               func(bench, context.Context, *section) error
	rows              []*row
}

// row returns the section's row of size, command and kind, added on first use.
func (s *section) row(size int, command, kind string) *row {
	i := slices.IndexFunc(s.rows, func(r *row) bool { return r.size == size && r.command == command && r.kind == kind })
	if i < 0 {
		i, s.rows = len(s.rows), append(s.rows, &row{size: size, command: command, kind: kind})
	}
	return s.rows[i]
}

// report is everything one run measured.
type report struct {
	command, machine string
	sections         []section
	profiles         []string
	took             time.Duration
}

// markdown renders the report, then every failed command's first line.
func (r report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Latest run\n\nWritten by `%s` in %s; the text between the provider-bench markers is replaced on every run.\n\n%s",
		r.command, r.took.Round(time.Second), r.machine)
	line := func(cells []string) { b.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	var failures []string
	for _, s := range r.sections {
		fmt.Fprintf(&b, "\n### %s\n\n", s.title)
		line(each(s.columns, func(c column) string { return c.head }))
		b.WriteString(strings.Repeat("|---", len(s.columns)) + "|\n")
		for _, rw := range s.rows {
			line(each(s.columns, func(c column) string { return c.cell(*rw) }))
			runs := rw.runs
			if rw.limit > 0 {
				runs = slices.Concat(rw.runs, rw.base) // the applies without the limit too
			}
			for i, x := range runs {
				if line, _, _ := strings.Cut(fmt.Sprint(x.err), "\n"); x.err != nil {
					failures = append(failures, fmt.Sprintf("%s, %d %s, %s #%d: %s", s.title, rw.size, rw.kind, rw.command, i+1, line))
				}
			}
		}
		b.WriteString("\n" + s.note)
	}
	if slices.Sort(failures); len(failures) > 0 {
		b.WriteString("\n### Failed commands\n\n- " + strings.Join(failures, "\n- ") + "\n")
	}
	for _, p := range r.profiles {
		b.WriteString("\n" + p + "\n")
	}
	return b.String()
}

// measuredColumns are the floor's and the scale section's columns. Ratio is
// a paired row's base over runs (ubiops over a floor), else runs over base.
var measuredColumns = []column{
	{"Members", func(r row) string { return strconv.Itoa(r.size) }},
	{"Command", func(r row) string { return r.command }},
	{"Configuration", func(r row) string { return r.kind }},
	{"Runs", func(r row) string { return strconv.Itoa(len(r.runs)) }},
	{"Wall", func(r row) string { return spread(r.runs) }},
	{"Ratio", func(r row) string {
		if r.paired {
			return pairedRatio(r.base, r.runs)
		}
		return ratio(median(each(r.runs, wallOf)), median(each(r.base, wallOf)))
	}},
	{"CPU of Terraform", func(r row) string { // and of the wrapper, which only waits
		return seconds(median(each(r.runs, func(s sample) time.Duration { return s.cpu - s.provider.cpu })))
	}},
	{"CPU of the provider", ofProvider("%.2f s", func(_ row, s sample) float64 { return s.provider.cpu.Seconds() })},
	{"Provider CPU per member", ofProvider("%.2f ms", func(r row, s sample) float64 { return s.provider.cpu.Seconds() * 1000 / float64(r.size+1) })},
	{"Provider peak memory", ofProvider("%.1f MiB", func(_ row, s sample) float64 { return float64(s.provider.peakBytes) / (1 << 20) })},
	{"Requests", func(r row) string { return routesCell(r.stats) }},
	{"Load average", loadRange},
}

// ofProvider is the median of f over the runs, or "–" where no provider ran.
func ofProvider(format string, f func(row, sample) float64) func(row) string {
	return func(r row) string {
		if len(r.runs) == 0 || r.runs[0].provider.peakBytes == 0 {
			return "–"
		}
		return fmt.Sprintf(format, median(each(r.runs, func(s sample) float64 { return f(r, s) })))
	}
}

// limitColumns show rate-limited applies (runs) beside unlimited ones (base).
var limitColumns = []column{
	{"Applies at once", func(r row) string { return strconv.Itoa(len(r.runs)) }},
	{"Members each", func(r row) string { return strconv.Itoa(r.size) }},
	{"Limit", func(r row) string { return fmt.Sprintf("%d/min", r.limit) }},
	{"Requests answered (429)", func(r row) string {
		return fmt.Sprintf("%d (%d)", r.stats.Total-r.stats.RateLimited, r.stats.RateLimited)
	}},
	{"Last finished without a limit", func(r row) string { return seconds(lastFinish(r.base)) }},
	{"Last finished with the limit", func(r row) string { return seconds(lastFinish(r.runs)) }},
	{"Best possible", func(r row) string { return seconds(bestPossible(r)) }},
	{"Ratio", func(r row) string { return ratio(lastFinish(r.runs), bestPossible(r)) }},
	{"Load average", loadRange},
}

func wallOf(r sample) time.Duration  { return r.wall }
func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
func ratio(a, b time.Duration) string {
	if a <= 0 || b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f ×", a.Seconds()/b.Seconds())
}

// median is the lower middle of vs (always a measured value), or zero.
func median[T cmp.Ordered](vs []T) (m T) {
	if slices.Sort(vs); len(vs) > 0 {
		m = vs[(len(vs)-1)/2]
	}
	return m
}

// each is f of each of xs.
func each[S, T any](xs []S, f func(S) T) []T {
	vs := make([]T, len(xs))
	for i, x := range xs {
		vs[i] = f(x)
	}
	return vs
}

// spread is the median wall time with the range of the runs.
func spread(runs []sample) string {
	switch walls := each(runs, wallOf); len(walls) {
	case 0:
		return "–"
	case 1:
		return seconds(walls[0])
	default:
		return fmt.Sprintf("%s (%.2f–%.2f)", seconds(median(walls)), slices.Min(walls).Seconds(), slices.Max(walls).Seconds())
	}
}

// pairedRatio is the median wall-time ratio of runs made next to each
// other: the load changes less within a pair than across the benchmark.
func pairedRatio(a, b []sample) string {
	var ratios []time.Duration // in thousandths
	for i := range min(len(a), len(b)) {
		if b[i].wall > 0 {
			ratios = append(ratios, a[i].wall*1000/b[i].wall)
		}
	}
	return ratio(median(ratios), 1000)
}

// loadRange is the lowest and highest load average the runs started at.
func loadRange(rw row) string {
	loads := slices.DeleteFunc(each(slices.Concat(rw.runs, rw.base), func(s sample) float64 { return s.load }), func(l float64) bool { return l < 0 })
	if len(loads) == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.1f–%.1f", slices.Min(loads), slices.Max(loads))
}

// routesCell lists requests by route, most first, after the total in bold.
func routesCell(s emulator.Stats) string {
	routes := slices.SortedFunc(maps.Keys(s.Routes), func(a, b string) int {
		return cmp.Or(s.Routes[b]-s.Routes[a], strings.Compare(a, b))
	})
	shorten := strings.NewReplacer("{organization_name}", "{org}", "/organizations", "/orgs")
	parts := each(routes, func(route string) string { return fmt.Sprintf("%s %d", shorten.Replace(route), s.Routes[route]) })
	return strings.Join(append([]string{fmt.Sprintf("**%d**", s.Total)}, parts...), "<br>")
}

// machineMarkdown tells where the numbers were measured ("unknown": unread).
func machineMarkdown(ctx context.Context) string {
	firstLine := func(name string, args ...string) string {
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1") // no version check over the network
		out, err := cmd.Output()
		if line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n"); err == nil && line != "" {
			return line
		}
		return "unknown"
	}
	cpuModel := firstLine("sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")
	memory := firstLine("sh", "-c", "grep -m1 MemTotal /proc/meminfo | tr -s ' ' | cut -d' ' -f2-")
	return fmt.Sprintf("- Date: %s\n- System: %s/%s, %d logical cores (%s), memory %s, load average %.1f at the start\n- Go: `%s`\n- Terraform: `%s`\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel, memory, loadAverage(),
		firstLine("go", "version"), firstLine("terraform", "version"))
}

// Markers delimit the generated part of the report file.
const (
	beginMarker = "<!-- provider-bench: begin -->"
	endMarker   = "<!-- provider-bench: end -->"
)

// writeReport puts text between the markers of path's file (or a new one).
func writeReport(path, text string) error {
	old, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		old, err = []byte("# Benchmarks\n\n"+beginMarker+endMarker+"\n"), nil
	}
	s := string(old)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if err != nil || i < 0 || j < i {
		return fmt.Errorf("%s has no %q … %q markers; not overwriting what it holds (%v)", path, beginMarker, endMarker, err)
	}
	return os.WriteFile(path, []byte(s[:i]+beginMarker+"\n"+text+s[j:]), 0o644)
}
