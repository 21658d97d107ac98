package orgs

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

func TestListChangesOrderAndCase(t *testing.T) {
	current := []ubiops.OrganizationUser{
		{ID: "1", Email: "old@example.com", Admin: true},
		{ID: "2", Email: "Next@Example.com"},
		{ID: "3", Email: "stay@example.com", Admin: true},
		{ID: "4", Email: "gone@example.com"},
	}
	wanted := []Wanted{
		{Email: "next@example.com", Admin: true}, // same address, other case
		{Email: "STAY@example.com", Admin: true},
		{Email: "new@example.com"},
		{Email: "boss@example.com", Admin: true},
	}
	var got []string
	for _, c := range Changes(wanted, current) {
		id := ""
		if c.Current != nil {
			id = c.Current.ID
		}
		got = append(got, fmt.Sprintf("%s id=%s grants=%t", c.Describe(), id, c.GrantsAdmin()))
	}
	want := []string{
		"boss@example.com will be added as an admin id= grants=true",
		"new@example.com will be added id= grants=false",
		"next@example.com will become an admin id=2 grants=true",
		"gone@example.com will be removed id=4 grants=false",
		"old@example.com will be removed id=1 grants=false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if changes := Changes(wanted[:2], []ubiops.OrganizationUser{current[1], current[2]}); len(changes) != 1 || changes[0].Kind != MemberPromote {
		t.Fatalf("a list that differs in case only and one promotion: %v", changes)
	}
}

func TestDuplicateEmailsNamesEverySpelling(t *testing.T) {
	got := DuplicateEmails([]string{"m2@example.com", "a@example.com", "M2@Example.com", "b@example.com", " m2@EXAMPLE.com"})
	if len(got) != 1 || QuoteAll(got[0]) != `" m2@EXAMPLE.com" and "M2@Example.com" and "m2@example.com"` {
		t.Fatalf("got %q", got)
	}
	if got := DuplicateEmails([]string{"a@example.com", "b@example.com"}); got != nil {
		t.Fatalf("no duplicates, got %q", got)
	}
}
