package main

import "strings"

// missExplanations say why a target is missed, where the cause has been
// diagnosed. They are printed only when the run misses the target, so a fix
// makes them disappear from BENCHMARKS.md with the miss.
var missExplanations = map[string]string{
	"memory": `**Why the memory target is missed.** The provider's live heap grows with the number of gRPC calls
Terraform makes to one provider process (about four per membership in a plan: ValidateResourceConfig,
UpgradeResourceState, ReadResource, PlanResourceChange), not with the API data: the 1,000-member list is
decoded once (see BenchmarkDecodeUsers1000, under 1 MB). A heap profile of the 1,000-member plan shows the
live heap held by per-request contexts (terraform-plugin-log's LoggerOpts copies, context.WithValue,
gRPC stream headers). terraform-plugin-framework v1.19.0 keeps the CancelFunc of every RPC's context in
` + "`proto6server.Server.contextCancels`" + ` (registerContext) until StopProvider, and each CancelFunc keeps its
request context, with its loggers, reachable for the life of the process. An experiment serving the
provider through a tfprotov6.ProviderServer wrapper that hands each of those four RPCs a context detached
from the request once the RPC returns brought the same plan's peak RSS from about 150 MiB to about 32 MiB
at the same wall time. The fix belongs in main.go (serve a wrapped
` + "`providerserver.NewProtocol6(...)`" + ` with tf6server.Serve) or upstream in the framework.`,
	"plan": `**Why the plan target is missed.** Compare the plan's requests by route with the target of 3, and
the plan's range over its runs: on a machine with few cores, Terraform's own work on 1,000 resources varies
by more than the latency adds.`,
	"apply": `**Why the rate-limited apply target is missed.** Compare the requests by route and the 429 answers
with the unlimited apply: requests beyond the window's limit wait for the next window, and 429 answers mean
the client's pacing let requests through that the window could not take.`,
}

// analysis returns the explanations of the measured misses.
func analysis(vs []verdict) string {
	var parts []string
	for _, v := range vs {
		if text, ok := missExplanations[v.key]; ok && v.status == "MISS" {
			parts = append(parts, text)
		}
	}
	return strings.Join(parts, "\n\n")
}
