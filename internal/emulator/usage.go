package emulator

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"time"
)

// project carries what the organization-level endpoints aggregate: resource
// counts and credit usage. Projects only come from the seed.
type project struct {
	id      string
	name    string
	deleted bool
	counts  resourceCounts
	usage   []usagePeriod
}

// resourceCounts are a project's contribution to ResourceUsage.
type resourceCounts struct {
	deployments, deploymentVersions, pipelines, pipelineVersions, buckets, environments int
}

// usagePeriod is a span during which a project consumed credits at a fixed
// hourly rate.
type usagePeriod struct {
	creditsPerHour float64
	start, end     time.Time
}

// resourceUsage is the ResourceUsage model.
type resourceUsage struct {
	Projects           int `json:"projects"`
	Users              int `json:"users"`
	Deployments        int `json:"deployments"`
	DeploymentVersions int `json:"deployment_versions"`
	Pipelines          int `json:"pipelines"`
	PipelineVersions   int `json:"pipeline_versions"`
	Buckets            int `json:"buckets"`
	Environments       int `json:"environments"`
}

// resources counts what the organization uses now: its live projects, its
// members, and the sums of the live projects' resource counts.
func (o *organization) resources() resourceUsage {
	out := resourceUsage{Users: len(o.members)}
	for _, p := range o.projects {
		if p.deleted {
			continue
		}
		out.Projects++
		out.Deployments += p.counts.deployments
		out.DeploymentVersions += p.counts.deploymentVersions
		out.Pipelines += p.counts.pipelines
		out.PipelineVersions += p.counts.pipelineVersions
		out.Buckets += p.counts.buckets
		out.Environments += p.counts.environments
	}
	return out
}

// getResources serves organizations_resource_usage, for admins.
func (e *Emulator) getResources(w http.ResponseWriter, r *http.Request, caller *user) {
	e.serveAdminRead(w, r, caller, func(o *organization) (any, error) { return o.resources(), nil })
}

// getUsage serves organizations_usage_get, for admins.
func (e *Emulator) getUsage(w http.ResponseWriter, r *http.Request, caller *user) {
	e.serveAdminRead(w, r, caller, func(o *organization) (any, error) {
		period, interval, err := usageQuery(r.URL.Query(), o, e.clock())
		if err != nil {
			return nil, err
		}
		buckets, err := usageBuckets(period.start, period.end, interval)
		if err != nil {
			return nil, badRequest(err.Error())
		}
		return o.usage(buckets, interval), nil
	})
}

// usageQuery reads start_date, end_date and interval. Dates come both or not
// at all; without them the current subscription period applies.
func usageQuery(q url.Values, o *organization, now time.Time) (span, string, error) {
	interval := q.Get("interval")
	switch interval {
	case "":
		interval = intervalMonth
	case intervalDay, intervalMonth:
	default:
		return span{}, "", badRequest("interval: must be 'day' or 'month'")
	}
	startRaw, endRaw := q.Get("start_date"), q.Get("end_date")
	if startRaw == "" && endRaw == "" {
		return o.currentPeriod(now), interval, nil
	}
	if startRaw == "" || endRaw == "" {
		return span{}, "", badRequest("start_date and end_date must be given together")
	}
	start, err := parseUsageTime("start_date", startRaw)
	if err != nil {
		return span{}, "", err
	}
	end, err := parseUsageTime("end_date", endRaw)
	if err != nil {
		return span{}, "", err
	}
	if !start.Before(end) {
		return span{}, "", badRequest("start_date must be before end_date")
	}
	return span{start: start, end: end}, interval, nil
}

// parseUsageTime accepts a date (midnight UTC) or an RFC 3339 timestamp.
func parseUsageTime(field, v string) (time.Time, error) {
	if t, err := time.Parse(dateLayout, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, badRequest(field + ": use YYYY-MM-DD or an RFC 3339 timestamp")
}

// Usage intervals the API accepts.
const (
	intervalDay   = "day"
	intervalMonth = "month"
)

// maxUsageBuckets bounds the size of a usage answer (ten years of days), so
// that an absurd range is a 400 rather than a huge allocation.
const maxUsageBuckets = 3660

var errTooManyBuckets = errors.New("the requested period is too long for this interval")

// usagePoint is a data point: the credits used in [start_date, end_date).
type usagePoint struct {
	StartDate string  `json:"start_date"`
	EndDate   string  `json:"end_date"`
	Value     float64 `json:"value"`
}

// projectUsage is one live project's series.
type projectUsage struct {
	ProjectID   string       `json:"project_id"`
	ProjectName string       `json:"project_name"`
	Data        []usagePoint `json:"data"`
}

// organizationUsage is the OrganizationUsage model.
type organizationUsage struct {
	Interval            string         `json:"interval"`
	DataOrganization    []usagePoint   `json:"data_organization"`
	DataProjects        []projectUsage `json:"data_projects"`
	DataDeletedProjects []usagePoint   `json:"data_deleted_projects"`
}

// span is a half-open time interval [start, end).
type span struct{ start, end time.Time }

// usageBuckets splits [start, end) into the answer's intervals. Buckets step
// from start by one day or one calendar month (start+1 month, start+2 months,
// ... each computed from start so that month ends do not drift); the last one
// is clipped to end.
func usageBuckets(start, end time.Time, interval string) ([]span, error) {
	var out []span
	for i := 0; ; i++ {
		b := span{start: stepFrom(start, interval, i), end: stepFrom(start, interval, i+1)}
		if !b.start.Before(end) {
			return out, nil
		}
		if len(out) == maxUsageBuckets {
			return nil, errTooManyBuckets
		}
		if b.end.After(end) {
			b.end = end
		}
		out = append(out, b)
	}
}

// stepFrom is start moved n days or n months ahead.
func stepFrom(start time.Time, interval string, n int) time.Time {
	if interval == intervalDay {
		return start.AddDate(0, 0, n)
	}
	return addMonths(start, n)
}

// addMonths moves t n calendar months ahead, clamping the day to the target
// month's length (January 31 + 1 month = February 28/29), the way a monthly
// subscription renews.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	firstOfTarget := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	last := firstOfTarget.AddDate(0, 1, -1).Day()
	return time.Date(firstOfTarget.Year(), firstOfTarget.Month(), min(d, last),
		t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// credits is the project's consumption in b: for every usage period,
// credits_per_hour × the hours the period overlaps b.
func (p *project) credits(b span) float64 {
	total := 0.0
	for _, u := range p.usage {
		from, to := later(u.start, b.start), earlier(u.end, b.end)
		if to.After(from) {
			total += u.creditsPerHour * to.Sub(from).Hours()
		}
	}
	return total
}

// usage computes the OrganizationUsage of o over the buckets:
//
//	project value(bucket)    = Σ over its usage periods of credits_per_hour × hours(period ∩ bucket)
//	data_projects            = one series per live project
//	data_deleted_projects    = Σ over deleted projects, per bucket
//	data_organization        = Σ over all projects, live and deleted, per bucket
//
// Values are rounded to six decimals so that sums of fractions read cleanly.
func (o *organization) usage(buckets []span, interval string) organizationUsage {
	out := organizationUsage{
		Interval:            interval,
		DataOrganization:    make([]usagePoint, len(buckets)),
		DataProjects:        []projectUsage{},
		DataDeletedProjects: make([]usagePoint, len(buckets)),
	}
	orgTotals := make([]float64, len(buckets))
	deletedTotals := make([]float64, len(buckets))
	for _, p := range o.projects {
		series := make([]usagePoint, len(buckets))
		for i, b := range buckets {
			v := p.credits(b)
			orgTotals[i] += v
			if p.deleted {
				deletedTotals[i] += v
			}
			series[i] = point(b, v)
		}
		if !p.deleted {
			out.DataProjects = append(out.DataProjects, projectUsage{ProjectID: p.id, ProjectName: p.name, Data: series})
		}
	}
	for i, b := range buckets {
		out.DataOrganization[i] = point(b, orgTotals[i])
		out.DataDeletedProjects[i] = point(b, deletedTotals[i])
	}
	return out
}

// point is a data point with its value rounded.
func point(b span, v float64) usagePoint {
	return usagePoint{StartDate: utc(b.start), EndDate: utc(b.end), Value: math.Round(v*1e6) / 1e6}
}

// currentPeriod is the subscription month containing now: months are counted
// from the subscription start date, or from the creation day when the
// organization has none.
func (o *organization) currentPeriod(now time.Time) span {
	anchor := o.created.UTC().Truncate(24 * time.Hour)
	if o.subscriptionStartDate != nil {
		if d, err := time.Parse(dateLayout, *o.subscriptionStartDate); err == nil {
			anchor = d
		}
	}
	now = now.UTC()
	k := (now.Year()-anchor.Year())*12 + int(now.Month()-anchor.Month())
	for addMonths(anchor, k).After(now) {
		k--
	}
	for !addMonths(anchor, k+1).After(now) {
		k++
	}
	return span{start: addMonths(anchor, k), end: addMonths(anchor, k+1)}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// utc formats a usage boundary as UbiOps does (2019-08-01T00:00:00Z).
func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }
