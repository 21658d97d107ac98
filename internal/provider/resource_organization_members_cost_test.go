// This count is made in a test process of its own, without the race
// detector: `make test` runs it alone with -tags costcheck. The race
// detector multiplies the cost of every allocation (a 7-second run took
// over 20 minutes) and changes what is allocated; and acceptance tests that
// set TF_ACC_LOG_PATH leave terraform-plugin-log's process-wide test sink
// logging every framework trace, which made the same run take minutes when
// it followed them in one process.

//go:build costcheck && !race

package provider

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/plugin"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// membersCost is what refreshing and planning one member list, and reading
// the ubiops_organization_users data source, cost the provider: bytes
// allocated and API requests; answerBytes is the size of the member list's
// answer.
type membersCost struct {
	allocated, dataSourceAllocated uint64
	requests, dataSourceRequests   emulator.Stats
	answerBytes                    int
}

// TestOrganizationMembersCostIsLinear: refreshing and planning a member list
// of 10,000 (one role changed), and reading them with the
// ubiops_organization_users data source, make the same requests as for
// 1,000 and allocate at most 12 times as much; the member list's answer
// stays far within the client's answer-size bound. The framework copies a collection of
// nested blocks or nested attributes once per element, so a schema of that
// shape allocates about 100 times as much at ten times the members; this
// guards the plain maps that avoid it. Allocations are counted, not timed.
// Not parallel: other tests' allocations would be counted too.
func TestOrganizationMembersCostIsLinear(t *testing.T) {
	small, large := memberListCost(t, 1000), memberListCost(t, 10000)
	t.Logf("1,000 members: %d MiB, %v; 10,000 members: %d MiB, %v",
		small.allocated>>20, small.requests.Routes, large.allocated>>20, large.requests.Routes)
	if large.allocated > 12*small.allocated {
		t.Errorf("refreshing and planning 10,000 members allocated %d MiB, %.1f times as much as 1,000 members "+
			"(%d MiB); want at most 12 times", large.allocated>>20, float64(large.allocated)/float64(small.allocated),
			small.allocated>>20)
	}
	if fmt.Sprint(large.requests.Routes) != fmt.Sprint(small.requests.Routes) {
		t.Errorf("requests for 10,000 members %v, for 1,000 %v; want the same", large.requests.Routes, small.requests.Routes)
	}
	t.Logf("data source: 1,000 members %d MiB, 10,000 members %d MiB; answer of 10,000 members: %d KiB",
		small.dataSourceAllocated>>20, large.dataSourceAllocated>>20, large.answerBytes>>10)
	if large.dataSourceAllocated > 12*small.dataSourceAllocated {
		t.Errorf("reading 10,000 members with the data source allocated %d MiB, 1,000 members %d MiB; want at most 12 times as much",
			large.dataSourceAllocated>>20, small.dataSourceAllocated>>20)
	}
	if fmt.Sprint(large.dataSourceRequests.Routes) != fmt.Sprint(small.dataSourceRequests.Routes) {
		t.Errorf("data source requests for 10,000 members %v, for 1,000 %v; want the same",
			large.dataSourceRequests.Routes, small.dataSourceRequests.Routes)
	}
	// The client reads at most 32 MiB of an answer; an organization ten
	// times as large must still fit.
	if large.answerBytes*10 > 32<<20 {
		t.Errorf("the answer listing 10,000 members is %d KiB: an organization ten times as large would pass the 32 MiB bound", large.answerBytes>>10)
	}
}

// memberListCost serves ubiops_organization_members on the provider's own
// protocol server, as Terraform would, for an organization of n members
// (the signed-in user among them): a refresh, then a plan that makes one
// member an admin. It checks the plan and returns what the two cost.
func memberListCost(t *testing.T, n int) membersCost {
	t.Helper()
	ctx := context.Background()
	srv := ubiopstest.NewServer(t)
	org, err := srv.CreateOrganization(fmt.Sprintf("cost-%d", n), srv.Email)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]tftypes.Value{srv.Email: tftypes.NewValue(tftypes.String, roleAdmin)}
	for i := range n - 1 {
		// Capitals, as people write addresses: comparing them allocates, so
		// a lookup by scanning the list would show in the allocations.
		email := fmt.Sprintf("Member-%05d@Example.com", i)
		if _, err := srv.AddMember(org.Name, email, false); err != nil {
			t.Fatal(err)
		}
		roles[email] = tftypes.NewValue(tftypes.String, roleMember)
	}

	server, schemas := configuredServer(t, srv)
	typ := schemas.ResourceSchemas["ubiops_organization_members"].ValueType()
	usersType := attributeTypes(t, typ)["users"]
	imported := dynamicValue(t, typ, map[string]tftypes.Value{
		"id":                tftypes.NewValue(tftypes.String, org.ID),
		"organization_name": tftypes.NewValue(tftypes.String, org.Name),
		"members":           tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, roles),
		"users":             tftypes.NewValue(usersType, map[string]tftypes.Value{}),
	})
	// The first refresh learns every member's user ID, as after an import;
	// the one measured is the next run's refresh, which checks them, on a
	// provider of its own (nothing shared with the first).
	first, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "ubiops_organization_members", CurrentState: imported})
	if err != nil || hasError(first.Diagnostics) {
		t.Fatalf("first read: %v %v", err, first.Diagnostics)
	}

	server, _ = configuredServer(t, srv)
	var before, after runtime.MemStats
	srv.ResetStats()
	runtime.GC()
	runtime.ReadMemStats(&before)
	read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "ubiops_organization_members",
		CurrentState: first.NewState, Private: first.Private})
	if err != nil || hasError(read.Diagnostics) {
		t.Fatalf("read: %v %v", err, read.Diagnostics)
	}
	refreshed, err := read.NewState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]tftypes.Value
	if err := refreshed.As(&state); err != nil {
		t.Fatal(err)
	}
	roles["Member-00000@Example.com"] = tftypes.NewValue(tftypes.String, roleAdmin)
	config := map[string]tftypes.Value{
		"organization_name": state["organization_name"],
		"members":           tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, roles),
	}
	proposed := map[string]tftypes.Value{"id": state["id"], "users": state["users"]}
	for name, v := range config {
		proposed[name] = v
	}
	plan, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "ubiops_organization_members", PriorState: read.NewState, PriorPrivate: read.Private,
		Config: dynamicValue(t, typ, config), ProposedNewState: dynamicValue(t, typ, proposed),
	})
	if err != nil || hasError(plan.Diagnostics) {
		t.Fatalf("plan: %v %v", err, plan.Diagnostics)
	}
	runtime.ReadMemStats(&after)

	if len(plan.Diagnostics) == 0 || plan.Diagnostics[0].Summary != fmt.Sprintf("Members of organization %s: 0 to add, 1 to change, 0 to remove", org.Name) {
		t.Errorf("plan warnings %v; want the one change listed", plan.Diagnostics)
	}
	planned, err := plan.PlannedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var plannedState map[string]tftypes.Value
	var users map[string]tftypes.Value
	if err := planned.As(&plannedState); err != nil {
		t.Fatal(err)
	}
	if err := plannedState["users"].As(&users); err != nil || len(users) != n || !users[srv.Email].IsFullyKnown() {
		t.Fatalf("planned users: %d known of %d (%v)", len(users), n, err)
	}
	cost := membersCost{allocated: after.TotalAlloc - before.TotalAlloc, requests: srv.Stats()}
	cost.dataSourceAllocated, cost.dataSourceRequests = readMembersDataSource(t, srv, org.Name, n)
	cost.answerBytes = memberListAnswer(t, srv, org.Name)
	return cost
}

// readMembersDataSource reads ubiops_organization_users for org, on a
// provider of its own (nothing shared with the resource's reads), checks
// that it lists all n members, and returns what the read cost.
func readMembersDataSource(t *testing.T, srv *ubiopstest.Server, org string, n int) (uint64, emulator.Stats) {
	t.Helper()
	server, schemas := configuredServer(t, srv)
	typ := schemas.DataSourceSchemas["ubiops_organization_users"].ValueType()
	var before, after runtime.MemStats
	srv.ResetStats()
	runtime.GC()
	runtime.ReadMemStats(&before)
	read, err := server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: "ubiops_organization_users",
		Config: dynamicValue(t, typ, map[string]tftypes.Value{"organization_name": tftypes.NewValue(tftypes.String, org)})})
	runtime.ReadMemStats(&after)
	if err != nil || hasError(read.Diagnostics) {
		t.Fatalf("data source: %v %v", err, read.Diagnostics)
	}
	state, err := read.State.Unmarshal(typ)
	var attrs map[string]tftypes.Value
	var users []tftypes.Value
	if err != nil || state.As(&attrs) != nil || attrs["users"].As(&users) != nil || len(users) != n {
		t.Fatalf("data source lists %d users, want %d (%v)", len(users), n, err)
	}
	return after.TotalAlloc - before.TotalAlloc, srv.Stats()
}

// memberListAnswer is the size of the API's answer listing org's members.
func memberListAnswer(t *testing.T, srv *ubiopstest.Server, org string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/organizations/"+org+"/users", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("listing members: %d, %v", resp.StatusCode, err)
	}
	return len(body)
}

// configuredServer is the provider's protocol server, configured for srv.
func configuredServer(t *testing.T, srv *ubiopstest.Server) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	ctx := context.Background()
	server := plugin.NewServer(New("test")())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	configure, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config: dynamicValue(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
			"api_token": tftypes.NewValue(tftypes.String, "Bearer "+srv.AccessToken),
			"host":      tftypes.NewValue(tftypes.String, srv.URL),
		}),
	})
	if err != nil || hasError(configure.Diagnostics) {
		t.Fatalf("configure: %v %v", err, configure.Diagnostics)
	}
	return server, schemas
}
