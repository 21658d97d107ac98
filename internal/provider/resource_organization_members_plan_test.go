package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// TestPlannedChangesMessage is the plan's warning as a person reads it: each
// change on its own line, and people added outside Terraform named again
// in a warning of their own.
func TestPlannedChangesMessage(t *testing.T) {
	current := []ubiops.OrganizationUser{
		{ID: "1", Email: "admin@example.com", Admin: true},
		{ID: "2", Email: "dropped@example.com"},
		{ID: "3", Email: "eve@example.com", Name: "Eve", Surname: "Outsider", Status: "active"},
		{ID: "4", Email: "boss@example.com", Admin: true},
	}
	wanted := []orgs.Wanted{{Email: "admin@example.com", Admin: true}, {Email: "new@example.com"}, {Email: "boss@example.com"}}
	applied := map[string]bool{"admin@example.com": true, "dropped@example.com": true, "boss@example.com": true}
	var diags diag.Diagnostics
	addPlannedChanges(&diags, "acme", orgs.Changes(wanted, current), applied)
	if len(diags) != 2 || diags.HasError() {
		t.Fatalf("want two warnings, got %v", diags)
	}
	if got, want := diags[0].Summary(), "Members of organization acme: 1 to add, 1 to change, 2 to remove"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	wantDetail := "Applying this plan changes the members of organization acme:\n" +
		"  + new@example.com will be added\n" +
		"  ~ boss@example.com will no longer be an admin\n" +
		"  - dropped@example.com will be removed (no longer in the configuration)\n" +
		"  - eve@example.com will be removed (added outside Terraform)\n" +
		"Removing a member also deletes all of their roles in the organization's projects."
	if got := diags[0].Detail(); got != wantDetail {
		t.Errorf("detail:\n%s\nwant:\n%s", got, wantDetail)
	}
	if got, want := diags[1].Summary(), "1 member of organization acme added outside Terraform will be removed"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if !strings.Contains(diags[1].Detail(), "  - eve@example.com (Eve Outsider, member, active)\n") {
		t.Errorf("the outsider is not named with their name and role:\n%s", diags[1].Detail())
	}

	diags = nil
	addPlannedChanges(&diags, "acme", orgs.Changes(wanted[:1], current[:1]), applied)
	if len(diags) != 0 {
		t.Errorf("no change, yet %v", diags)
	}
}

func TestDestroyRemovalsKeepTheSignedInUser(t *testing.T) {
	listed := []memberEntry{
		entryFor(ubiops.OrganizationUser{ID: "1", Admin: true}, "Admin@Example.com"),
		entryFor(ubiops.OrganizationUser{ID: "2"}, "a@example.com"),
		entryFor(ubiops.OrganizationUser{ID: "3"}, "already-gone@example.com"),
	}
	current := []ubiops.OrganizationUser{
		{ID: "1", Email: "admin@example.com", Admin: true},
		{ID: "2", Email: "a@example.com"},
		{ID: "9", Email: "unlisted@example.com"},
	}
	removals, kept := destroyRemovals(listed, current, &ubiops.User{ID: "1", Email: "admin@example.com"})
	if kept != "Admin@Example.com" || len(removals) != 1 || removals[0].Current.ID != "2" {
		t.Fatalf("kept %q, removals %+v; want the signed-in user kept and only a@example.com removed", kept, removals)
	}
}

// TestSignedInChanges: the member list must name the signed-in user as an
// admin; leaving them out removes them, admin = false demotes them.
func TestSignedInChanges(t *testing.T) {
	me := &ubiops.User{ID: "9", Email: "me@example.com"}
	entry := func(email, id string, admin bool) memberEntry {
		return entryFor(ubiops.OrganizationUser{ID: id, Admin: admin}, email)
	}
	for name, c := range map[string]struct {
		planned []memberEntry
		want    string
	}{
		"listed as admin":     {[]memberEntry{entry("a@example.com", "1", true), entry("Me@Example.com", "9", true)}, "{Me@Example.com 9 false false}"},
		"listed as a member":  {[]memberEntry{entry("me@example.com", "9", false)}, "{me@example.com 9 false true}"},
		"not listed":          {[]memberEntry{entry("a@example.com", "1", true)}, "{me@example.com 9 true false}"},
		"nobody is signed in": {nil, ""},
	} {
		signedIn := me
		if c.want == "" {
			signedIn = nil
		}
		got := ""
		if changes := signedInChanges(signedIn, c.planned); len(changes) > 0 {
			got = fmt.Sprint(changes[0])
		}
		if got != c.want {
			t.Errorf("%s: %s, want %s", name, got, c.want)
		}
	}
}
