package emulator

import (
	"net/http"
	"testing"
	"time"
)

func TestResources(t *testing.T) {
	s := newTestServer(t)
	var got resourceUsage
	call(t, s, http.MethodGet, "/organizations/acme-ml/resources", adminToken, nil).expect(t, http.StatusOK).decode(t, &got)
	// Two live projects; the deleted one (7 deployments) counts nowhere.
	want := resourceUsage{Projects: 2, Users: 3, Deployments: 4, DeploymentVersions: 5, Pipelines: 1, PipelineVersions: 2, Buckets: 3, Environments: 2}
	if got != want {
		t.Fatalf("resources = %+v, want %+v", got, want)
	}
	sameKeys(t, call(t, s, http.MethodGet, "/organizations/acme-ml/resources", adminToken, nil).object(t),
		"projects", "users", "deployments", "deployment_versions", "pipelines", "pipeline_versions", "buckets", "environments")

	call(t, s, http.MethodPost, "/organizations/acme-ml/users", adminToken, map[string]any{"email": "new@example.com"}).expect(t, http.StatusCreated)
	call(t, s, http.MethodGet, "/organizations/acme-ml/resources", adminToken, nil).decode(t, &got)
	if got.Users != 4 {
		t.Fatalf("users after adding = %d", got.Users)
	}
	if err := s.DeleteMember("acme-ml", "new@example.com"); err != nil {
		t.Fatal(err)
	}
	call(t, s, http.MethodGet, "/organizations/acme-ml/resources", adminToken, nil).decode(t, &got)
	if got.Users != 3 {
		t.Fatalf("users after deleting = %d", got.Users)
	}
}

// The test seed's usage, by hand:
//   fraud-detection 2.5/h, 11-01 00:00 .. 11-03 12:00 = 60 h = 150
//   churn           1/h,   10-31 12:00 .. 11-02 00:00 = 12 h in October + 24 h on 11-01
//   gone (deleted)  4/h,   11-01 06:00 .. 11-01 18:00 = 12 h = 48

func values(points []usagePoint) []float64 {
	out := make([]float64, len(points))
	for i, p := range points {
		out[i] = p.Value
	}
	return out
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		name, query, interval string
		buckets               [][2]string
		org, fraud, churn     []float64
		deleted               []float64
	}{
		{
			name: "explicit month", query: "?start_date=2026-11-01&end_date=2026-12-01", interval: "month",
			buckets: [][2]string{{"2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"}},
			org:     []float64{150 + 24 + 48}, fraud: []float64{150}, churn: []float64{24}, deleted: []float64{48},
		},
		{
			name: "days", query: "?start_date=2026-10-31&end_date=2026-11-03&interval=day", interval: "day",
			buckets: [][2]string{
				{"2026-10-31T00:00:00Z", "2026-11-01T00:00:00Z"},
				{"2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"},
				{"2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"},
			},
			org: []float64{12, 60 + 24 + 48, 60}, fraud: []float64{0, 60, 60}, churn: []float64{12, 24, 0}, deleted: []float64{0, 48, 0},
		},
		{
			name: "months clipped to the end", query: "?start_date=2026-10-15&end_date=2026-12-01&interval=month", interval: "month",
			buckets: [][2]string{{"2026-10-15T00:00:00Z", "2026-11-15T00:00:00Z"}, {"2026-11-15T00:00:00Z", "2026-12-01T00:00:00Z"}},
			org:     []float64{150 + 36 + 48, 0}, fraud: []float64{150, 0}, churn: []float64{36, 0}, deleted: []float64{48, 0},
		},
		{
			name: "RFC 3339 range", query: "?start_date=2026-11-01T06:00:00Z&end_date=2026-11-01T12:00:00Z&interval=day", interval: "day",
			buckets: [][2]string{{"2026-11-01T06:00:00Z", "2026-11-01T12:00:00Z"}},
			org:     []float64{15 + 6 + 24}, fraud: []float64{15}, churn: []float64{6}, deleted: []float64{24},
		},
		{
			// Asked on 2026-11-02 with a subscription started on 2026-01-15:
			// the period is 2026-10-15 .. 2026-11-15.
			name: "current subscription period", query: "", interval: "month",
			buckets: [][2]string{{"2026-10-15T00:00:00Z", "2026-11-15T00:00:00Z"}},
			org:     []float64{234}, fraud: []float64{150}, churn: []float64{36}, deleted: []float64{48},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock("2026-11-02T10:00:00Z")
			s := NewServer(t, WithSeed(testSeed(t)), WithClock(clock.Now))
			r := call(t, s, http.MethodGet, "/organizations/acme-ml/usage"+tc.query, adminToken, nil).expect(t, http.StatusOK)
			sameKeys(t, r.object(t), "interval", "data_organization", "data_projects", "data_deleted_projects")
			var got organizationUsage
			r.decode(t, &got)
			if got.Interval != tc.interval || len(got.DataProjects) != 2 ||
				got.DataProjects[0].ProjectName != "fraud-detection" || got.DataProjects[0].ProjectID != "p1" ||
				got.DataProjects[1].ProjectName != "churn" {
				t.Fatalf("usage = %+v", got)
			}
			for i, p := range got.DataOrganization {
				if i >= len(tc.buckets) || p.StartDate != tc.buckets[i][0] || p.EndDate != tc.buckets[i][1] {
					t.Fatalf("buckets = %+v, want %v", got.DataOrganization, tc.buckets)
				}
			}
			for name, pair := range map[string][2][]float64{
				"organization": {values(got.DataOrganization), tc.org},
				"fraud":        {values(got.DataProjects[0].Data), tc.fraud},
				"churn":        {values(got.DataProjects[1].Data), tc.churn},
				"deleted":      {values(got.DataDeletedProjects), tc.deleted},
			} {
				if !equalFloats(pair[0], pair[1]) {
					t.Errorf("%s = %v, want %v", name, pair[0], pair[1])
				}
			}
		})
	}
}

func TestUsageRejects(t *testing.T) {
	s := newTestServer(t)
	for _, q := range []string{
		"?interval=week",
		"?start_date=2026-11-01",
		"?end_date=2026-11-01",
		"?start_date=2026-11-02&end_date=2026-11-01",
		"?start_date=2026-11-01&end_date=2026-11-01",
		"?start_date=01-11-2026&end_date=2026-12-01",
		"?start_date=0001-01-01&end_date=9999-01-01&interval=day",
	} {
		r := call(t, s, http.MethodGet, "/organizations/acme-ml/usage"+q, adminToken, nil).expect(t, http.StatusBadRequest)
		if msg, _ := r.object(t)["error"].(string); msg == "" {
			t.Fatalf("%s: no error message in %s", q, r.body)
		}
	}
}

func TestCurrentPeriod(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(dateLayout, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	start := "2026-01-31"
	for _, tc := range []struct {
		name       string
		created    time.Time
		startDate  *string
		now        time.Time
		start, end string
	}{
		// The documentation's example.
		{"created 2020-11-20", day("2020-11-20").Add(15 * time.Hour), nil, day("2020-12-01"), "2020-11-20", "2020-12-20"},
		{"on the renewal day", day("2020-11-20"), nil, day("2020-12-20"), "2020-12-20", "2021-01-20"},
		{"month end clamps", day("2020-01-01"), &start, day("2026-02-28").Add(time.Hour), "2026-02-28", "2026-03-31"},
		{"start in the future", day("2020-01-01"), &start, day("2025-12-01"), "2025-11-30", "2025-12-31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := &organization{created: tc.created, subscriptionStartDate: tc.startDate}
			got := o.currentPeriod(tc.now)
			if !got.start.Equal(day(tc.start)) || !got.end.Equal(day(tc.end)) {
				t.Fatalf("period = %v .. %v, want %s .. %s", got.start, got.end, tc.start, tc.end)
			}
		})
	}
}
