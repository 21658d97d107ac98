package main

import (
	"fmt"
	"strings"
)

// report is everything BENCHMARKS.md shows.
type report struct {
	command  string
	machine  machine
	results  []result
	verdicts []verdict
	goBench  string
	// analysis is the written account of misses, if any; empty when every
	// measured target passed.
	analysis string
}

// markdown renders BENCHMARKS.md.
func (r report) markdown() string {
	var b strings.Builder
	b.WriteString("# Benchmarks\n\n")
	b.WriteString("Written by `make bench` (`go run ./internal/cmd/provider-bench -out BENCHMARKS.md`); do not edit by hand.\n")
	b.WriteString("It runs the real Terraform CLI against the UbiOps API emulator and the provider built from this tree, ")
	b.WriteString("and the client's Go benchmarks. Numbers are from one run on the machine below.\n\n")
	fmt.Fprintf(&b, "Command: `%s`\n\n", r.command)
	b.WriteString("## Machine\n\n")
	b.WriteString(r.machine.markdown())
	b.WriteString("\n## Targets\n\n")
	b.WriteString(verdictTable(r.verdicts))
	if r.analysis != "" {
		b.WriteString("\n" + r.analysis + "\n")
	}
	b.WriteString("\n## Terraform against the emulator\n\n")
	b.WriteString(resultsTable(r.results))
	b.WriteString("\n" + methodNotes)
	b.WriteString("\n## Client benchmarks (`go test -bench`)\n\n```\n")
	b.WriteString(r.goBench)
	b.WriteString("\n```\n")
	return b.String()
}

// methodNotes says what each number is, so a reader can judge it.
const methodNotes = `How each row is measured:

- Every scenario starts a fresh emulator (` + "`-listen 127.0.0.1:0`" + ` with the row's ` + "`-latency`" + ` and ` + "`-rate-limit`" + `)
  and a fresh working directory whose configuration is 1 ` + "`ubiops_organization`" + ` and N ` + "`ubiops_organization_user`" + `
  (` + "`count`" + `, distinct emails). Terraform uses the provider through ` + "`dev_overrides`" + `, with default ` + "`-parallelism`" + ` (10).
- **Apply** is the wall time of ` + "`terraform apply -auto-approve`" + ` creating everything; **Plan** is the wall time of
  ` + "`terraform plan -detailed-exitcode`" + ` right after it (a refresh that must find nothing to change), the median of the
  runs shown. Both include Terraform's own start-up and its work on N resources, not only the provider's.
- **Requests** are the emulator's statistics, reset before and read after each command: the total in bold, then by
  route (` + "`{org}`" + ` is ` + "`{organization_name}`" + `). For the plan they are the first plan run's.
- **Peak RSS** is the provider process's ` + "`ru_maxrss`" + `, recorded by a wrapper that Terraform starts in the provider's place
  and that runs the real provider as its child; Terraform starts several provider processes per command and the
  largest is shown.
- **Rate limit**: the emulator counts requests in fixed one-minute windows aligned to clock minutes. A window that
  is already partly gone when the apply starts would make the apply faster or slower by chance, so the rate-limited
  apply starts 0.1 s after a clock minute: its first window is whole. The best possible time is
  (ceil(requests / limit) − 1) × 60 s + the unlimited apply time of the same size from the same run, where requests are
  those the emulator answered other than with 429 (a request answered 429 does not use up the next window).
`
