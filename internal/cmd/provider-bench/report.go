package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// report is everything one run measured.
type report struct {
	command string
	machine string
	floor   []floorResult
	latency *latencyResult
	// wholeList is the authoritative member list of the largest size.
	wholeList *wholeListResult
	limited   []limitResult
	profile   string
	took      time.Duration
}

// markdown renders the report.
func (r report) markdown() string {
	var b strings.Builder
	b.WriteString("## Latest run\n\n")
	fmt.Fprintf(&b, "Written by `%s` in %s; the text between the provider-bench markers is replaced on every run.\n\n", r.command, r.took.Round(time.Second))
	b.WriteString(r.machine)
	if len(r.floor) > 0 {
		b.WriteString("\n### Against Terraform's floor (`terraform_data`)\n\n")
		b.WriteString(floorTable(r.floor))
		b.WriteString("\n### Requests\n\n")
		b.WriteString(requestsTable(r.floor[len(r.floor)-1], r.latency))
	}
	if r.wholeList != nil {
		b.WriteString("\n### Authoritative member list\n\n")
		b.WriteString(wholeListTable(*r.wholeList))
	}
	if len(r.limited) > 0 {
		b.WriteString("\n### Rate-limited applies\n\n")
		b.WriteString(limitTable(r.limited))
	}
	if errs := r.errors(); len(errs) > 0 {
		b.WriteString("\n### Failed commands\n\n")
		for _, e := range errs {
			fmt.Fprintf(&b, "- %s\n", e)
		}
	}
	b.WriteString("\n" + methodNotes)
	if r.profile != "" {
		b.WriteString("\n### Profile of one plan of the largest size\n\n```\n" + r.profile + "\n```\n")
	}
	return b.String()
}

// errors returns the first line of every failed command.
func (r report) errors() []string {
	var out []string
	add := func(what string, runs []sample) {
		for i, x := range runs {
			if x.err != nil {
				line, _, _ := strings.Cut(x.err.Error(), "\n")
				out = append(out, fmt.Sprintf("%s #%d: %s", what, i+1, line))
			}
		}
	}
	for _, f := range r.floor {
		add(fmt.Sprintf("ubiops apply, 1 + %d", f.members), f.ubiopsApply)
		add(fmt.Sprintf("terraform_data apply, 1 + %d", f.members), f.floorApply)
		add(fmt.Sprintf("ubiops plan, 1 + %d", f.members), f.ubiopsPlan)
		add(fmt.Sprintf("terraform_data plan, 1 + %d", f.members), f.floorPlan)
	}
	if r.latency != nil {
		add("plan at latency", r.latency.plans)
	}
	if w := r.wholeList; w != nil {
		add(fmt.Sprintf("ubiops_organization_members apply, %d members", w.members), []sample{w.apply})
		add(fmt.Sprintf("ubiops_organization_members plan, %d members", w.members), w.whole)
		add(fmt.Sprintf("single memberships plan next to it, %d members", w.members), w.single)
	}
	for _, l := range r.limited {
		add(fmt.Sprintf("%d×%d apply without a limit", l.applies, l.members), l.unlimited)
		add(fmt.Sprintf("%d×%d apply with the limit", l.applies, l.members), l.limited)
	}
	return out
}

// methodNotes say what each number is, so a reader can judge it.
const methodNotes = `How it is measured:

- Each round of a size starts a fresh emulator (in the benchmark's process, so its work counts for neither side)
  and two fresh working directories: 1 ` + "`ubiops_organization`" + ` and N ` + "`ubiops_organization_user`" + ` (` + "`count`" + `,
  distinct emails), and 1 + N ` + "`terraform_data`" + ` with the same dependencies. It applies one, then the other, then
  plans each in turn (` + "`-detailed-exitcode`" + `: a plan that finds a change fails). Terraform uses the provider
  through ` + "`dev_overrides`" + `, with the default ` + "`-parallelism`" + ` (10).
- **Wall** is the median with the range; **Wall ratio** is the median of the ratios of runs made next to each
  other. **CPU of Terraform** is the command's CPU time with every process it waited for, less the provider's.
  **CPU of the provider** (median) is the sum over the provider processes Terraform started for the command,
  from their process accounting, recorded by a wrapper that Terraform starts in the provider's place; per
  resource it is divided by 1 + N. **Peak memory** is the largest ` + "`ru_maxrss`" + ` of those processes.
- The machine is shared: other builds and tests run during the benchmark, so wall times vary from run to run by
  more than the provider adds. The load average when each command started is shown; compare CPU times and
  paired ratios rather than single wall times.
- **Requests** are the emulator's counters for one command (the first round's): the total in bold, then by route.
- **Authoritative member list**: on the largest size's last emulator, one ` + "`ubiops_organization_members`" + ` listing
  the same N members (and the signed-in user) in another organization is applied, then planned in turn with the
  N ` + "`ubiops_organization_user`" + ` already there; **Wall ratio** is the median of the paired ratios, authoritative
  over single.
- **Rate-limited applies** start together, each with its own state and organization, against one emulator whose
  limit counts all of them together in fixed one-minute windows; the emulator's first window starts as the
  applies do. The best possible time is (ceil(requests answered / limit) − 1) minutes of waiting plus the time
  the same applies take together without a limit; a request answered 429 takes nothing from a window.
`

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
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.WriteFile(path, []byte("# Benchmarks\n\n"+generated+"\n"), 0o644)
	case err != nil:
		return err
	}
	s := string(old)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %q … %q markers; not overwriting what it holds", path, beginMarker, endMarker)
	}
	return os.WriteFile(path, []byte(s[:i]+generated+s[j+len(endMarker):]), 0o644)
}
