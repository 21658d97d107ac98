package orgs

import (
	"errors"
	"strings"
	"testing"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// testService is a Service whose client is never called: the rules tested
// here only name its host.
func testService(t *testing.T) *Service {
	t.Helper()
	client, err := ubiops.NewClient(ubiops.Config{Host: "https://api.example.com/v2.1", Token: "Bearer t"})
	if err != nil {
		t.Fatal(err)
	}
	return New(client, nil)
}

func TestAnswersAreMatchedToTheirRequests(t *testing.T) {
	s := testService(t)
	bob := &ubiops.OrganizationUser{ID: "b0b", Email: "bob@example.com"}
	for _, tc := range []struct {
		name string
		err  error
		want string // "" when the answer matches
	}{
		{"addition, same address in another case", s.checkAdded("acme", "Pat@Example.com", &ubiops.OrganizationUser{ID: "1", Email: "pat@example.com"}), ""},
		{"addition answered with another member", s.checkAdded("acme", "m5@example.com", bob),
			"UbiOps at https://api.example.com/v2.1 answered the addition of m5@example.com to organization acme with the record of another member, bob@example.com (user id b0b)"},
		{"update, same id in another case", s.checkUpdated("acme", "ABC", &ubiops.OrganizationUser{ID: "abc"}), ""},
		{"update answered with another member", s.checkUpdated("acme", "m1", bob),
			"answered the change of the member with user id m1 in organization acme with the record of another member"},
		{"organization by name", s.checkOrganization("acme", "", &ubiops.Organization{ID: "u1", Name: "acme"}), ""},
		{"organization under another name", s.checkOrganization("acme", "", &ubiops.Organization{ID: "u1", Name: "other"}),
			"answered the request for organization acme with organization other (UUID u1)"},
		{"organization under another UUID", s.checkOrganization("acme", "u1", &ubiops.Organization{ID: "u2", Name: "acme"}),
			"answered the request for organization acme (UUID u1) with organization acme (UUID u2)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			switch {
			case tc.want == "" && tc.err != nil:
				t.Fatalf("a matching answer was refused: %v", tc.err)
			case tc.want == "":
			case !IsMismatchedAnswer(tc.err):
				t.Fatalf("got %v, want a *MismatchedAnswer", tc.err)
			case !strings.Contains(tc.err.Error(), tc.want) || !strings.Contains(tc.err.Error(), "Nothing of that answer was recorded"):
				t.Fatalf("message %q lacks %q", tc.err, tc.want)
			}
		})
	}
}

func TestMismatchedAnswerIsNoLostAnswer(t *testing.T) {
	calls := 0
	mismatch := &MismatchedAnswer{Host: "h", Request: "r", Got: "g"}
	_, err := createOrAdopt(t.Context(), discardLog{}, "member", func() (*ubiops.OrganizationUser, error) {
		calls++
		return nil, mismatch
	}, func() (*ubiops.OrganizationUser, bool, error) {
		t.Fatal("an answer about another object led to a lookup, as if it were lost")
		return nil, false, nil
	})
	if !errors.Is(err, mismatch) || calls != 1 {
		t.Fatalf("createOrAdopt = %v after %d creations, want the mismatch after one", err, calls)
	}
}

func TestMemberListsAreProofOnlyWhenConsistent(t *testing.T) {
	s := testService(t)
	users := []ubiops.OrganizationUser{{ID: "a", Email: "admin@example.com"}, {ID: "n", Email: "M1@example.com"}}
	for _, tc := range []struct {
		name  string
		key   MemberKey
		found string // the user id picked, "" for none
		want  string // the error, "" for none
	}{
		{"by id", MemberKey{ID: "n", Email: "m1@example.com"}, "n", ""},
		{"by email when the id is unknown", MemberKey{Email: "m1@example.com"}, "n", ""},
		{"absent", MemberKey{ID: "x", Email: "gone@example.com"}, "", ""},
		{"the address under another id", MemberKey{ID: "old", Email: "m1@example.com"}, "",
			"lists m1@example.com under user id n, but the Terraform state holds user id old"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			user, err := s.pick("acme", tc.key, users)
			got := ""
			if user != nil {
				got = user.ID
			}
			if got != tc.found {
				t.Errorf("picked %q, want %q", got, tc.found)
			}
			if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestClaimsFindOneAddressTwice(t *testing.T) {
	s := testService(t)
	for _, email := range []string{"pat@example.com", "sam@example.com"} {
		if err := s.ClaimOne("acme", email); err != nil {
			t.Fatalf("first claim of %s: %v", email, err)
		}
	}
	if err := s.ClaimOne("other", "Pat@Example.com"); err != nil {
		t.Fatalf("the same address in another organization: %v", err)
	}
	err := s.ClaimOne("acme", "Pat@Example.com")
	var twice *ClaimedTwiceError
	if !errors.As(err, &twice) {
		t.Fatalf("got %v, want a *ClaimedTwiceError", err)
	}
	if want := "acme: pat@example.com and Pat@Example.com (UbiOps compares addresses case-insensitively)"; !strings.Contains(twice.Error(), want) {
		t.Fatalf("message %q lacks %q", twice, want)
	}
}
