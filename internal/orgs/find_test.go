package orgs

import (
	"fmt"
	"testing"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// emailPairs are addresses whose lowering is easy to get wrong: other case
// folds (Kelvin sign, long s, dotted I), Unicode spaces, invalid UTF-8 and a
// real U+FFFD, prefixes and empty strings.
var emailPairs = [][2]string{
	{"Ada@Example.com", "ada@example.com"},
	{"  ada@example.com\t", "ADA@EXAMPLE.COM"},
	{"\u00a0ada@example.com\u2003", "ada@example.com"},
	{"ada@example.com", "ada@example.co"},
	{"ada@example.co", "ada@example.com"},
	{"", ""},
	{" ", ""},
	{"", "a"},
	{"\u212a@example.com", "k@example.com"},
	{"\u017f@example.com", "s@example.com"},
	{"\u0130@example.com", "i@example.com"},
	{"\u0130@example.com", "\u0069\u0307@example.com"},
	{"\xff@example.com", "\ufffd@example.com"},
	{"\xff@example.com", "\xfe@example.com"},
	{"\xe2\x82@example.com", "\ufffd\ufffd@example.com"},
	{"ÄÖÜ@example.com", "äöü@example.com"},
	{"\u03a3@example.com", "\u03c3@example.com"},
	{"\u03c2@example.com", "\u03c3@example.com"},
}

// TestSameEmailIsEmailKeyEquality holds the comparison without allocation
// to the one rule: two addresses are the same exactly when their EmailKeys are.
func TestSameEmailIsEmailKeyEquality(t *testing.T) {
	t.Parallel()
	for _, p := range emailPairs {
		for _, pair := range [][2]string{p, {p[1], p[0]}, {p[0], p[0]}} {
			want := EmailKey(pair[0]) == EmailKey(pair[1])
			if got := SameEmail(pair[0], pair[1]); got != want {
				t.Errorf("SameEmail(%q, %q) = %v, EmailKey equality says %v", pair[0], pair[1], got, want)
			}
		}
	}
}

// FuzzSameEmailIsEmailKeyEquality searches for two addresses on which the
// rune-by-rune comparison and EmailKey disagree; plain go test runs the seeds.
func FuzzSameEmailIsEmailKeyEquality(f *testing.F) {
	for _, p := range emailPairs {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := SameEmail(a, b), EmailKey(a) == EmailKey(b); got != want {
			t.Errorf("SameEmail(%q, %q) = %v, EmailKey equality says %v", a, b, got, want)
		}
	})
}

// TestFindMemberByEmail finds members whatever the case and spacing of either
// address, and finds none for an address no member has.
func TestFindMemberByEmail(t *testing.T) {
	t.Parallel()
	users := []ubiops.OrganizationUser{
		{ID: "1", Email: "ada@example.com"},
		{ID: "2", Email: " Grace@Example.com "},
		{ID: "3", Email: "\u212aelvin@example.com"},
	}
	for _, tc := range []struct{ email, wantID string }{
		{"ADA@example.com", "1"},
		{"grace@example.COM", "2"},
		{"kelvin@example.com", "3"},
		{"ada@example.co", ""},
		{"", ""},
	} {
		got := FindMemberByEmail(users, tc.email)
		switch {
		case tc.wantID == "" && got != nil:
			t.Errorf("FindMemberByEmail(%q) = member %s, want none", tc.email, got.ID)
		case tc.wantID != "" && (got == nil || got.ID != tc.wantID):
			t.Errorf("FindMemberByEmail(%q) = %v, want member %s", tc.email, got, tc.wantID)
		}
	}
}

// TestFindMemberByEmailAllocatesOnlyTheWantedKey keeps a lookup in a long
// member list from allocating per member: at most the wanted address's key.
func TestFindMemberByEmailAllocatesOnlyTheWantedKey(t *testing.T) {
	users := make([]ubiops.OrganizationUser, 1000)
	for i := range users {
		users[i].Email = fmt.Sprintf("User%d@Example.com", i)
	}
	for _, wanted := range []string{"user999@example.com", "USER999@EXAMPLE.COM", "nobody@example.com"} {
		allocs := testing.AllocsPerRun(10, func() { FindMemberByEmail(users, wanted) })
		if allocs > 1 {
			t.Errorf("FindMemberByEmail(%q) over %d members allocated %v times, want at most 1", wanted, len(users), allocs)
		}
	}
}
