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

// row is one line of a table: a command run one or more times for each
// configuration (runs[kind][i] ran next to the other kinds' run i).
type row struct {
	size    int
	command string
	runs    map[string][]sample
	// stats are the first ubiops run's requests (a rate-limited row's: all
	// applies'); limit is a rate-limited row's requests per minute.
	stats emulator.Stats
	limit int
}

// column is one column of a table: its heading and how a row fills it.
type column struct {
	head string
	cell func(row) string
}

// section is one table of the report, with a note (how it is measured is
// told in BENCHMARKS.md, outside the generated part).
type section struct {
	title, note string
	columns     []column
	rows        []row
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
	var failures []string
	for _, s := range r.sections {
		fmt.Fprintf(&b, "\n### %s\n\n", s.title)
		for _, c := range s.columns {
			b.WriteString("| " + c.head + " ")
		}
		b.WriteString("|\n" + strings.Repeat("|---", len(s.columns)) + "|\n")
		for _, rw := range s.rows {
			for _, c := range s.columns {
				b.WriteString("| " + c.cell(rw) + " ")
			}
			b.WriteString("|\n")
			for kind, runs := range rw.runs {
				for i, x := range runs {
					if x.err != nil {
						line, _, _ := strings.Cut(x.err.Error(), "\n")
						failures = append(failures, fmt.Sprintf("%s, %s %d, %s #%d: %s", s.title, kind, rw.size, rw.command, i+1, line))
					}
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

// The columns tables share, and what their cells are made of.
var (
	sizeColumn     = column{"Members", func(r row) string { return strconv.Itoa(r.size) }}
	commandColumn  = column{"Command", func(r row) string { return r.command }}
	runsColumn     = column{"Runs", func(r row) string { return strconv.Itoa(len(r.runs["ubiops"])) }}
	wallColumn     = column{"Wall: ubiops", func(r row) string { return spread(r.runs["ubiops"]) }}
	requestsColumn = column{"Requests", func(r row) string { return routesCell(r.stats) }}
	loadColumn     = column{"Load average", loadRange}
	cpuOfTerraform = func(runs []sample) string { return seconds(median(runs, sample.terraformCPU)) }
	cpuOfProvider  = ofProvider(func(s sample) time.Duration { return s.provider.cpu }, "%.2f s", float64(time.Second), false)
	peakOfProvider = ofProvider(func(s sample) time.Duration { return time.Duration(s.provider.peakBytes) }, "%.1f MiB", 1<<20, true)
)

// ofProvider formats f of the runs, or "–" where no provider process ran
// (terraform_data) or none was measured.
func ofProvider(f func(sample) time.Duration, format string, unit float64, largest bool) func([]sample) string {
	return func(runs []sample) string {
		if len(runs) == 0 || runs[0].provider.peakBytes == 0 {
			return "–"
		}
		if largest {
			return fmt.Sprintf(format, float64(f(slices.MaxFunc(runs, func(a, b sample) int { return cmp.Compare(f(a), f(b)) })))/unit)
		}
		return fmt.Sprintf(format, float64(median(runs, f))/unit)
	}
}

// perKind is a cell holding f of each kind's runs, joined by " / ".
func perKind(kinds []string, f func([]sample) string) func(row) string {
	return func(r row) string {
		cells := make([]string, len(kinds))
		for i, k := range kinds {
			cells[i] = f(r.runs[k])
		}
		return strings.Join(cells, " / ")
	}
}

// floorColumns compare ubiops with its floors, kinds[1:].
func floorColumns(kinds []string) []column {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k
	}
	all := strings.Join(names, " / ")
	cols := []column{sizeColumn, commandColumn, runsColumn, wallColumn}
	for _, k := range kinds[1:] {
		cols = append(cols, column{"Wall: " + k + " (ubiops ÷ it, paired)", func(r row) string {
			return spread(r.runs[k]) + " (" + pairedRatio(r.runs["ubiops"], r.runs[k]) + ")"
		}})
	}
	return append(cols, column{"CPU of Terraform: " + all, perKind(kinds, cpuOfTerraform)},
		column{"CPU of the provider: " + all, perKind(kinds, cpuOfProvider)},
		column{"Provider CPU per resource: ubiops", func(r row) string {
			return fmt.Sprintf("%.2f ms", median(r.runs["ubiops"], func(s sample) time.Duration { return s.provider.cpu }).Seconds()*1000/float64(r.size+1))
		}},
		column{"Provider peak memory: " + all, perKind(kinds, peakOfProvider)}, requestsColumn, loadColumn)
}

// scaleColumns show each size's commands beside the smallest size's.
func scaleColumns(smallestSize int, smallest map[string][]sample) []column {
	ubiops := floorKinds[:1]
	return []column{sizeColumn, commandColumn, runsColumn, wallColumn,
		{fmt.Sprintf("Wall ÷ %d members'", smallestSize), func(r row) string {
			return ratio(median(r.runs["ubiops"], wallOf), median(smallest[r.command], wallOf))
		}},
		{"CPU of Terraform", perKind(ubiops, cpuOfTerraform)}, {"CPU of the provider", perKind(ubiops, cpuOfProvider)},
		{"Provider peak memory", perKind(ubiops, peakOfProvider)}, requestsColumn, loadColumn}
}

// limitColumns show rate-limited applies beside the same applies without a
// limit and the best the limit allows.
var limitColumns = []column{
	{"Applies at once", func(r row) string { return strconv.Itoa(len(r.runs["limited"])) }},
	{"Members each", func(r row) string { return strconv.Itoa(r.size) }},
	{"Limit", func(r row) string { return fmt.Sprintf("%d/min", r.limit) }},
	{"Requests answered (429)", func(r row) string {
		return fmt.Sprintf("%d (%d)", r.stats.Total-r.stats.RateLimited, r.stats.RateLimited)
	}},
	{"Last finished without a limit", func(r row) string { return seconds(lastFinish(r.runs["unlimited"])) }},
	{"Last finished with the limit", func(r row) string { return seconds(lastFinish(r.runs["limited"])) }},
	{"Best possible", func(r row) string { return seconds(bestPossible(r)) }},
	{"Ratio", func(r row) string { return ratio(lastFinish(r.runs["limited"]), bestPossible(r)) }},
	loadColumn,
}

func wallOf(r sample) time.Duration  { return r.wall }
func byWall(a, b sample) int         { return int(a.wall - b.wall) }
func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
func ratio(a, b time.Duration) string {
	if a <= 0 || b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f ×", a.Seconds()/b.Seconds())
}

// median returns the median of f over runs (the lower middle of an even
// count, so that it is always a measured value).
func median(runs []sample, f func(sample) time.Duration) time.Duration {
	vs := make([]time.Duration, len(runs))
	for i, r := range runs {
		vs[i] = f(r)
	}
	if slices.Sort(vs); len(vs) == 0 {
		return 0
	}
	return vs[(len(vs)-1)/2]
}

// spread is the median wall time with the range of the runs.
func spread(runs []sample) string {
	switch len(runs) {
	case 0:
		return "–"
	case 1:
		return seconds(runs[0].wall)
	}
	lo, hi := slices.MinFunc(runs, byWall).wall, slices.MaxFunc(runs, byWall).wall
	return fmt.Sprintf("%s (%.2f–%.2f)", seconds(median(runs, wallOf)), lo.Seconds(), hi.Seconds())
}

// pairedRatio is the median of the wall-time ratios of runs made next to
// each other: the machine's load changes less within a pair than across the
// whole benchmark.
func pairedRatio(a, b []sample) string {
	var ratios []time.Duration // in thousandths
	for i := range min(len(a), len(b)) {
		if b[i].wall > 0 {
			ratios = append(ratios, a[i].wall*1000/b[i].wall)
		}
	}
	if slices.Sort(ratios); len(ratios) == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f ×", float64(ratios[(len(ratios)-1)/2])/1000)
}

// loadRange is the lowest and highest load average the runs started at.
func loadRange(rw row) string {
	var loads []float64
	for _, runs := range rw.runs {
		for _, r := range runs {
			if r.load >= 0 {
				loads = append(loads, r.load)
			}
		}
	}
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
	parts := []string{fmt.Sprintf("**%d**", s.Total)}
	shorten := strings.NewReplacer("{organization_name}", "{org}", "/organizations", "/orgs")
	for _, route := range routes {
		parts = append(parts, fmt.Sprintf("%s %d", shorten.Replace(route), s.Routes[route]))
	}
	return strings.Join(parts, "<br>")
}

// machineMarkdown describes where the numbers were measured; they mean
// little without it.
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
	return fmt.Sprintf("- Date: %s\n- System: %s/%s, %d logical cores, load average %.1f at the start\n- Go: `%s`\n- Terraform: `%s`\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), loadAverage(),
		firstLine("go", "version"), firstLine("terraform", "version"))
}

// Markers delimit the generated part of the report file; what lies outside
// them is kept.
const (
	beginMarker = "<!-- provider-bench: begin -->"
	endMarker   = "<!-- provider-bench: end -->"
)

// writeReport puts text between the markers of the file at path, or writes
// a new file holding only the markers and text.
func writeReport(path, text string) error {
	generated := beginMarker + "\n" + text + endMarker
	old, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return os.WriteFile(path, []byte("# Benchmarks\n\n"+generated+"\n"), 0o644)
	}
	s := string(old)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if err != nil || i < 0 || j < i {
		return fmt.Errorf("%s has no %q … %q markers; not overwriting what it holds (%v)", path, beginMarker, endMarker, err)
	}
	return os.WriteFile(path, []byte(s[:i]+generated+s[j+len(endMarker):]), 0o644)
}
