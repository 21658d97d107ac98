package provider

import (
	"strings"
	"testing"
)

func TestParseMembershipImportID(t *testing.T) {
	cases := []struct {
		id                 string
		org, email, userID string
		wantErr            string
	}{
		{id: "acme/jane@example.com", org: "acme", email: "jane@example.com"},
		{id: "acme/Jane@Example.com", org: "acme", email: "Jane@Example.com"},
		{id: "acme/332D7432-2742-4177-99A9-139E91E0110C", org: "acme", userID: "332d7432-2742-4177-99a9-139e91e0110c"},
		{id: " acme/jane@example.com ", org: "acme", email: "jane@example.com"},
		{id: "acme", wantErr: "is not of the form organization/email or organization/user_id"},
		{id: "acme/", wantErr: "is not of the form"},
		{id: "/jane@example.com", wantErr: "is not of the form"},
		{id: "acme/jane@example.com/x", wantErr: "is not of the form"},
		{id: "Acme/jane@example.com", wantErr: "contains uppercase letters"},
		{id: "acme/jane", wantErr: "neither an email address nor a user UUID"},
	}
	for _, tc := range cases {
		got, err := parseMembershipImportID(tc.id)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: error %v, want one containing %q", tc.id, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.id, err)
			continue
		}
		if got.Organization != tc.org || got.Email != tc.email || got.UserID != tc.userID {
			t.Errorf("%q: got %+v", tc.id, got)
		}
	}
}

// FuzzParseMembershipImportID: any input either fails with an error or
// yields a valid organization and exactly one of email and user ID, which
// parse again to the same result.
func FuzzParseMembershipImportID(f *testing.F) {
	for _, seed := range []string{"acme/jane@example.com", "acme/332d7432-2742-4177-99a9-139e91e0110c", "a/b", "/", "", "x/y/z", "a-b/\u00e9@x.io"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		got, err := parseMembershipImportID(id)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if organizationNameProblem(got.Organization) != "" {
			t.Fatalf("%q: invalid organization %q accepted", id, got.Organization)
		}
		if (got.Email == "") == (got.UserID == "") {
			t.Fatalf("%q: want exactly one of email and user ID, got %+v", id, got)
		}
		member := got.Email + got.UserID
		again, err := parseMembershipImportID(got.Organization + "/" + member)
		if err != nil || again != got {
			t.Fatalf("%q: re-parsing gives %+v, %v", id, again, err)
		}
	})
}
