package emulator

import (
	"errors"
	"math"
	"time"
)

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
