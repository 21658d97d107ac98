package emulator

import (
	"net/http"
	"net/url"
	"time"
)

// getUsage serves organizations_usage_get, for any member.
func (e *Emulator) getUsage(w http.ResponseWriter, r *http.Request, caller *user) {
	e.serveMemberRead(w, r, caller, func(o *organization) (any, error) {
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
