package main

import (
	"fmt"
	"time"
)

// The targets.
const (
	targetPlanMembers     = 1000
	targetPlanLatency     = 50 * time.Millisecond
	targetPlanRatio       = 1.2
	targetPlanRequests    = 3
	targetApplyMembers    = 100
	targetApplyRateLimit  = 100
	targetApplyRatio      = 1.15
	targetPeakMemoryBytes = 100 << 20
)

// verdict is one target's outcome.
type verdict struct {
	// key names the target for the analysis of a miss.
	key      string
	target   string
	measured string
	// status is PASS, MISS or NOT MEASURED (the run lacked the scenario).
	status string
}

// bestPossible is the fastest a rate-limited apply can be: the requests that
// do not fit the first window wait for the next one, ceil(requests/limit) − 1
// whole windows of waiting, plus the time the same apply takes without a
// limit. It assumes the first window is whole, which the benchmark arranges
// by starting the apply just after a clock minute.
func bestPossible(requests, perMinute int, unlimited time.Duration) time.Duration {
	if requests <= 0 || perMinute <= 0 {
		return unlimited
	}
	windows := (requests + perMinute - 1) / perMinute
	return time.Duration(windows-1)*time.Minute + unlimited
}

// find returns the result matching members, latency and rate limit.
func find(results []result, members int, latency time.Duration, rateLimit int) (result, bool) {
	for _, r := range results {
		if r.members == members && r.latency == latency && r.rateLimit == rateLimit {
			return r, true
		}
	}
	return result{}, false
}

// verdicts checks the results against the targets.
func verdicts(results []result) []verdict {
	return []verdict{planVerdict(results), applyVerdict(results), memoryVerdict(results)}
}

func planVerdict(results []result) verdict {
	v := verdict{
		key: "plan",
		target: fmt.Sprintf("Plan of 1 organization and %d members at %s latency ≤ %.1f × the same plan at 0 ms, with ≤ %d requests",
			targetPlanMembers, latencyLabel(targetPlanLatency), targetPlanRatio, targetPlanRequests),
		status: "NOT MEASURED",
	}
	slow, ok1 := find(results, targetPlanMembers, targetPlanLatency, 0)
	fast, ok2 := find(results, targetPlanMembers, 0, 0)
	if !ok1 || !ok2 || slow.plan.wall == 0 || fast.plan.wall == 0 {
		return v
	}
	ratio := slow.plan.wall.Seconds() / fast.plan.wall.Seconds()
	v.measured = fmt.Sprintf("%s / %s = %.2f ×, %d requests", seconds(slow.plan.wall), seconds(fast.plan.wall), ratio, slow.plan.stats.Total)
	v.status = passOrMiss(ratio <= targetPlanRatio && slow.plan.stats.Total <= targetPlanRequests && slow.plan.err == nil && fast.plan.err == nil)
	return v
}

func applyVerdict(results []result) verdict {
	v := verdict{
		key: "apply",
		target: fmt.Sprintf("Apply creating %d members at %d requests per minute ≤ %.2f × the best possible, no errors",
			targetApplyMembers, targetApplyRateLimit, targetApplyRatio),
		status: "NOT MEASURED",
	}
	limited, ok1 := find(results, targetApplyMembers, 0, targetApplyRateLimit)
	free, ok2 := find(results, targetApplyMembers, 0, 0)
	if !ok1 || !ok2 || limited.apply.wall == 0 || free.apply.wall == 0 {
		return v
	}
	accepted := limited.apply.stats.Total - limited.apply.stats.RateLimited
	best := bestPossible(accepted, targetApplyRateLimit, free.apply.wall)
	ratio := limited.apply.wall.Seconds() / best.Seconds()
	v.measured = fmt.Sprintf("%s / best %s = %.2f × (%d requests answered, %d answered 429; best = (ceil(%d/%d) − 1) × 60 s + %s unlimited)",
		seconds(limited.apply.wall), seconds(best), ratio, accepted, limited.apply.stats.RateLimited,
		accepted, targetApplyRateLimit, seconds(free.apply.wall))
	v.status = passOrMiss(ratio <= targetApplyRatio && limited.apply.err == nil)
	return v
}

func memoryVerdict(results []result) verdict {
	v := verdict{
		key:    "memory",
		target: fmt.Sprintf("Provider peak memory during the %d-member plan < %d MiB", targetPlanMembers, targetPeakMemoryBytes>>20),
		status: "NOT MEASURED",
	}
	var peak int64
	found := false
	for _, r := range results {
		if r.members == targetPlanMembers && r.plan.peakRSSKiB > 0 {
			peak, found = max(peak, r.plan.peakRSSKiB), true
		}
	}
	if !found {
		return v
	}
	v.measured = fmt.Sprintf("%s MiB (largest of the %d-member plans' provider processes; %.2f × the limit)",
		mib(peak), targetPlanMembers, float64(peak*1024)/targetPeakMemoryBytes)
	v.status = passOrMiss(peak*1024 < targetPeakMemoryBytes)
	return v
}

func passOrMiss(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}
