package orgs

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// Routes as the emulator counts them.
const (
	routeOrgs       = "GET /organizations"
	routeOrgCreate  = "POST /organizations"
	routeOrgGet     = "GET /organizations/{organization_name}"
	routeUsersList  = "GET /organizations/{organization_name}/users"
	routeUserCreate = "POST /organizations/{organization_name}/users"
)

const missingUUID = "00000000-0000-4000-8000-000000000000"

// newService starts an emulator where the default person administers the
// organizations named, and returns the rules signed in as that person.
func newService(t *testing.T, organizations ...string) (*Service, *ubiopstest.Server) {
	t.Helper()
	srv := ubiopstest.NewServer(t)
	for _, name := range organizations {
		if _, err := srv.CreateOrganization(name, srv.Email); err != nil {
			t.Fatal(err)
		}
	}
	return serviceAt(t, srv, srv.URL, nil), srv
}

// serviceAt returns rules that call host with the emulator's access token;
// transport, when set, carries the requests.
func serviceAt(t *testing.T, srv *ubiopstest.Server, host string, transport http.RoundTripper) *Service {
	t.Helper()
	client, err := ubiops.NewClient(ubiops.Config{Host: host, Token: "Bearer " + srv.AccessToken, Transport: transport,
		Retry: ubiops.RetryPolicy{MaxAttempts: 2}})
	if err != nil {
		t.Fatal(err)
	}
	return New(client, nil)
}

func orgID(t *testing.T, srv *ubiopstest.Server, name string) string {
	t.Helper()
	org, ok := srv.Organization(name)
	if !ok {
		t.Fatalf("no organization %s on the emulator", name)
	}
	return org.ID
}

// TestLocateOrganization: an organization is found by name, followed by its
// UUID to a new name, or proven gone; a 404 the list cannot explain is no
// proof.
func TestLocateOrganization(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		rename   bool
		id       func(srv *ubiopstest.Server) string
		wrongURL bool
		wantName string
		wantGone bool
		unproven bool
	}{
		"by name":                   {id: func(*ubiopstest.Server) string { return "" }, wantName: "acme"},
		"by name and UUID":          {id: func(srv *ubiopstest.Server) string { return orgID(t, srv, "acme") }, wantName: "acme"},
		"renamed":                   {rename: true, id: func(srv *ubiopstest.Server) string { return orgID(t, srv, "acme-new") }, wantName: "acme-new"},
		"gone by UUID":              {id: func(*ubiopstest.Server) string { return missingUUID }, wantGone: true},
		"renamed, UUID unknown":     {rename: true, id: func(*ubiopstest.Server) string { return "" }, wantGone: true},
		"wrong address is no proof": {wrongURL: true, id: func(*ubiopstest.Server) string { return "" }, unproven: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, srv := newService(t, "acme")
			if c.rename {
				if err := srv.RenameOrganization("acme", "acme-new"); err != nil {
					t.Fatal(err)
				}
			}
			if c.wrongURL {
				s = serviceAt(t, srv, strings.TrimSuffix(srv.URL, emulator.APIPrefix)+"/v9", nil)
			}
			org, gone, err := s.LocateOrganization(context.Background(), "acme", c.id(srv))
			var unproven *UnprovenAbsence
			switch {
			case c.unproven:
				if !errors.As(err, &unproven) || gone {
					t.Fatalf("got gone=%v, %v; want an unproven absence", gone, err)
				}
			case err != nil:
				t.Fatal(err)
			case gone != c.wantGone:
				t.Fatalf("gone = %v, want %v", gone, c.wantGone)
			case !gone && org.Name != c.wantName:
				t.Fatalf("found %s, want %s", org.Name, c.wantName)
			}
		})
	}
}

// TestLocateMember: a member is found where its organization is now; a
// member absent from its organization's list, or an organization gone, is
// a nil member without error.
func TestLocateMember(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		email, renameTo string
		knownID         bool
		wantOrg         string
		wantFound       bool
	}{
		"found":                {email: "m@example.com", knownID: true, wantOrg: "acme", wantFound: true},
		"other case":           {email: "M@Example.COM", knownID: true, wantOrg: "acme", wantFound: true},
		"absent":               {email: "nobody@example.com", knownID: true, wantOrg: "acme"},
		"organization renamed": {email: "m@example.com", renameTo: "acme-new", knownID: true, wantOrg: "acme-new", wantFound: true},
		"absent from renamed":  {email: "nobody@example.com", renameTo: "acme-new", knownID: true, wantOrg: "acme-new"},
		"organization gone":    {email: "m@example.com", wantOrg: "acme"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, srv := newService(t, "acme")
			if _, err := srv.AddMember("acme", "m@example.com", false); err != nil {
				t.Fatal(err)
			}
			id := missingUUID
			if c.knownID {
				id = orgID(t, srv, "acme")
			}
			if c.renameTo != "" {
				if err := srv.RenameOrganization("acme", c.renameTo); err != nil {
					t.Fatal(err)
				}
			}
			if !c.knownID {
				// The name leads nowhere and the UUID is not the caller's.
				if err := srv.RenameOrganization("acme", "elsewhere"); err != nil {
					t.Fatal(err)
				}
			}
			org, user, err := s.LocateMember(context.Background(), "acme", id, MemberKey{Email: c.email})
			if err != nil {
				t.Fatal(err)
			}
			if org != c.wantOrg || (user != nil) != c.wantFound {
				t.Fatalf("got %s, member %v; want %s, found %v", org, user, c.wantOrg, c.wantFound)
			}
		})
	}
}

// TestLocateMembersWithoutUUIDIsNoProof: a membership that does not know
// its organization's UUID cannot tell a renamed organization from a wrong
// address, so a 404 stays an error.
func TestLocateMembersWithoutUUIDIsNoProof(t *testing.T) {
	t.Parallel()
	s, srv := newService(t, "acme")
	if err := srv.RenameOrganization("acme", "acme-new"); err != nil {
		t.Fatal(err)
	}
	_, user, err := s.LocateMember(context.Background(), "acme", "", MemberKey{Email: srv.Email})
	var unproven *UnprovenAbsence
	if !errors.As(err, &unproven) || user != nil {
		t.Fatalf("got %v, %v; want an unproven absence", user, err)
	}
	if !strings.Contains(err.Error(), "does not know its organization's UUID") {
		t.Fatalf("message does not say why: %v", err)
	}
}

// TestLocateMembersFollowsARename: the whole member list of an organization
// is read under its new name, or the organization is gone.
func TestLocateMembersFollowsARename(t *testing.T) {
	t.Parallel()
	s, srv := newService(t, "acme")
	id := orgID(t, srv, "acme")
	if err := srv.RenameOrganization("acme", "acme-new"); err != nil {
		t.Fatal(err)
	}
	org, users, gone, err := s.LocateMembers(context.Background(), "acme", id)
	if err != nil || gone || org.Name != "acme-new" || len(users) != 1 || !SameEmail(users[0].Email, srv.Email) {
		t.Fatalf("got %v, %v, gone=%v, %v; want acme-new with its admin", org, users, gone, err)
	}
	if _, _, gone, err = s.LocateMembers(context.Background(), "acme-new", missingUUID); err != nil || !gone {
		t.Fatalf("an organization that is not the caller's: gone=%v, %v", gone, err)
	}
}

// TestReadsAreShared: readers of the same organization share one request.
func TestReadsAreShared(t *testing.T) {
	t.Parallel()
	s, srv := newService(t, "acme")
	ctx := context.Background()
	for range 3 {
		if _, err := s.Members(ctx, "acme"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Organization(ctx, "acme"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OrganizationID(ctx, "acme"); err != nil {
			t.Fatal(err)
		}
	}
	stats := srv.Stats()
	if stats.Count(routeUsersList) != 1 || stats.Count(routeOrgGet) != 2 {
		t.Fatalf("routes %v; want one member list, one organization read and one UUID read", stats.Routes)
	}
}

// TestWritesForgetTheReadsTheyChange: after any write, the next read asks
// UbiOps and sees the change; no caller has to forget anything.
func TestWritesForgetTheReadsTheyChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, c := range map[string]struct {
		write func(*Service, emulator.MemberRecord) error
		check func([]ubiops.OrganizationUser) bool
	}{
		"add": {func(s *Service, _ emulator.MemberRecord) error {
			_, err := s.AddMember(ctx, "acme", ubiops.OrganizationUserCreate{Email: "new@example.com"}, false)
			return err
		}, func(users []ubiops.OrganizationUser) bool { return FindMemberByEmail(users, "new@example.com") != nil }},
		"update": {func(s *Service, m emulator.MemberRecord) error {
			_, err := s.UpdateMember(ctx, "acme", m.UserID, ubiops.OrganizationUserUpdate{Admin: true})
			return err
		}, func(users []ubiops.OrganizationUser) bool { return FindMemberByEmail(users, "m@example.com").Admin }},
		"set admin": {func(s *Service, m emulator.MemberRecord) error {
			_, err := s.SetMemberAdmin(ctx, "acme", &ubiops.OrganizationUser{ID: m.UserID}, true)
			return err
		}, func(users []ubiops.OrganizationUser) bool { return FindMemberByEmail(users, "m@example.com").Admin }},
		"remove": {func(s *Service, m emulator.MemberRecord) error {
			return s.RemoveMember(ctx, "acme", m.UserID)
		}, func(users []ubiops.OrganizationUser) bool { return FindMemberByEmail(users, "m@example.com") == nil }},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, srv := newService(t, "acme")
			m, err := srv.AddMember("acme", "m@example.com", false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Members(ctx, "acme"); err != nil {
				t.Fatal(err)
			}
			if err := c.write(s, m); err != nil {
				t.Fatal(err)
			}
			users, err := s.Members(ctx, "acme")
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(users) || srv.Stats().Count(routeUsersList) != 2 {
				t.Fatalf("after the write: members %v, %d list requests; want the change read afresh", users, srv.Stats().Count(routeUsersList))
			}
		})
	}
}

// TestRenameForgetsBothNames: renaming an organization forgets what was
// read under the old name and the new one.
func TestRenameForgetsBothNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newService(t, "acme")
	if _, err := s.Organization(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Organization(ctx, "acme-new"); !ubiops.IsNotFound(err) {
		t.Fatalf("before the rename: %v, want 404", err)
	}
	newName := "acme-new"
	if _, err := s.UpdateOrganization(ctx, "acme", "", ubiops.OrganizationUpdate{Name: &newName}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Organization(ctx, "acme"); !ubiops.IsNotFound(err) {
		t.Fatalf("old name after the rename: %v, want 404", err)
	}
	if org, err := s.Organization(ctx, "acme-new"); err != nil || org.Name != "acme-new" {
		t.Fatalf("new name after the rename: %v, %v", org, err)
	}
}

// TestAddMemberAdoptsOnlyWhenAsked: a membership that exists already is
// adopted by a whole member list, and refused to a single membership.
func TestAddMemberAdoptsOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	for name, adopt := range map[string]bool{"adopted": true, "refused": false} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, srv := newService(t, "acme")
			if _, err := srv.AddMember("acme", "m@example.com", false); err != nil {
				t.Fatal(err)
			}
			user, err := s.AddMember(context.Background(), "acme", ubiops.OrganizationUserCreate{Email: "M@example.com", Admin: true}, adopt)
			switch {
			case adopt && (err != nil || !SameEmail(user.Email, "m@example.com") || user.Admin):
				t.Fatalf("got %v, %v; want the existing member, admin flag unchanged", user, err)
			case !adopt && !ubiops.IsBadRequest(err):
				t.Fatalf("got %v, %v; want the API's 400", user, err)
			}
		})
	}
}

// loseAnswers carries requests to the emulator and loses the answer of the
// first n that match route, as a dropped connection would.
type loseAnswers struct {
	method, path string
	n            atomic.Int32
}

func (l *loseAnswers) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && req.Method == l.method && strings.HasSuffix(req.URL.Path, l.path) && l.n.Add(-1) >= 0 {
		_ = resp.Body.Close()
		return nil, io.ErrUnexpectedEOF
	}
	return resp, err
}

// TestCreateAdoptsWhatALostAnswerCreated: a creation whose answer was lost
// is looked up and adopted, never sent twice.
func TestCreateAdoptsWhatALostAnswerCreated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, c := range map[string]struct {
		path   string
		create func(*Service) (string, error)
		route  string
	}{
		"organization": {"/organizations", func(s *Service) (string, error) {
			org, err := s.CreateOrganization(ctx, ubiops.OrganizationCreate{Name: "fresh", Subscription: "free"})
			if err != nil {
				return "", err
			}
			return org.Name, nil
		}, routeOrgCreate},
		"member": {"/users", func(s *Service) (string, error) {
			user, err := s.AddMember(ctx, "acme", ubiops.OrganizationUserCreate{Email: "m@example.com"}, false)
			if err != nil {
				return "", err
			}
			return user.Email, nil
		}, routeUserCreate},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := ubiopstest.NewServer(t)
			if _, err := srv.CreateOrganization("acme", srv.Email); err != nil {
				t.Fatal(err)
			}
			lose := &loseAnswers{method: http.MethodPost, path: c.path}
			lose.n.Store(1)
			s := serviceAt(t, srv, srv.URL, lose)
			got, err := c.create(s)
			if err != nil || got == "" {
				t.Fatalf("got %q, %v; want the object adopted", got, err)
			}
			if n := srv.Stats().Count(c.route); n != 1 {
				t.Fatalf("%d creations sent, want 1", n)
			}
		})
	}
}

// TestOrganizationByID: an organization is found by its UUID whatever its
// name; an unknown UUID is a 404, and one list serves every lookup.
func TestOrganizationByID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, srv := newService(t, "acme", "beta")
	id := orgID(t, srv, "beta")
	if org, err := s.OrganizationByID(ctx, strings.ToUpper(id)); err != nil || org.Name != "beta" {
		t.Fatalf("got %v, %v; want beta", org, err)
	}
	if _, err := s.OrganizationByID(ctx, missingUUID); !ubiops.IsNotFound(err) {
		t.Fatalf("unknown UUID: %v, want 404", err)
	}
	if n := srv.Stats().Count(routeOrgs); n != 1 {
		t.Fatalf("%d organization lists read, want 1", n)
	}
	if got := s.CurrentName(ctx, id); got != "beta" {
		t.Fatalf("CurrentName = %q, want beta", got)
	}
	if got := s.CurrentName(ctx, ""); got != "" {
		t.Fatalf("CurrentName of no UUID = %q, want none", got)
	}
}

// TestClaims: an organization's members are managed as a whole or one by
// one, never both, whichever resource is planned first.
func TestClaims(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		claims  func(*Service) error
		wantErr string
	}{
		"whole then one": {func(s *Service) error {
			if err := s.ClaimAll("acme"); err != nil {
				return err
			}
			return s.ClaimOne("acme", "m@example.com")
		}, "ubiops_organization_members resource for organization acme, which manages all of its members, m@example.com among them"},
		"ones then whole": {func(s *Service) error {
			_ = s.ClaimOne("acme", "z@example.com")
			_ = s.ClaimOne("acme", "a@example.com")
			return s.ClaimAll("acme")
		}, "ubiops_organization_user resources for organization acme (a@example.com, z@example.com)"},
		"other organizations": {func(s *Service) error {
			if err := s.ClaimAll("acme"); err != nil {
				return err
			}
			return s.ClaimOne("beta", "m@example.com")
		}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := c.claims(&Service{claims: newClaims()})
			var twice *ManagedTwiceError
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("unexpected %v", err)
			case c.wantErr != "" && (!errors.As(err, &twice) || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("got %v, want an error saying %q", err, c.wantErr)
			case c.wantErr != "" && twice.Summary() != "Members of organization acme are managed twice":
				t.Fatalf("summary %q", twice.Summary())
			}
		})
	}
}

// TestSelfLockout: removing or demoting the signed-in user fails, found by
// user ID when known, else by email in any case.
func TestSelfLockout(t *testing.T) {
	t.Parallel()
	me := &ubiops.User{ID: "9", Email: "me@example.com"}
	for name, c := range map[string]struct {
		me     *ubiops.User
		change MemberChange
		want   string
	}{
		"removes me":           {me, MemberChange{Email: "Me@Example.com", Remove: true}, "removes Me@Example.com, the user the provider is signed in as, from organization acme"},
		"demotes me":           {me, MemberChange{Email: "me@example.com", UserID: "9", Demote: true}, "makes me@example.com, the user the provider is signed in as, a regular member"},
		"another user":         {me, MemberChange{Email: "other@example.com", Remove: true}, ""},
		"same email, other ID": {me, MemberChange{Email: "me@example.com", UserID: "1", Remove: true}, ""},
		"keeps me":             {me, MemberChange{Email: "me@example.com"}, ""},
		"nobody signed in":     {nil, MemberChange{Email: "me@example.com", Remove: true}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			errs := SelfLockout("acme", c.me, []MemberChange{c.change}, "set allow_self_removal = true")
			if c.want == "" {
				if len(errs) != 0 {
					t.Fatalf("unexpected %v", errs)
				}
				return
			}
			var lockout *LockoutError
			if len(errs) != 1 || !errors.As(errs[0], &lockout) || !strings.Contains(lockout.Error(), c.want) ||
				!strings.Contains(lockout.Error(), "set allow_self_removal = true") ||
				lockout.Summary() != "Plan would lock the signed-in user out of organization acme" {
				t.Fatalf("got %v, want one error saying %q", errs, c.want)
			}
		})
	}
}

// TestEmailKey: addresses are compared in one way, as UbiOps does.
func TestEmailKey(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"a@example.com", "A@Example.COM", true},
		{" a@example.com ", "a@example.com", true},
		{"a@example.com", "b@example.com", false},
		{"a@example.com", "a@example.org", false},
	} {
		if got := SameEmail(c.a, c.b); got != c.same || (EmailKey(c.a) == EmailKey(c.b)) != c.same {
			t.Errorf("SameEmail(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
	}
}

// TestFindMember: members are found by UUID in any case and by email as
// UbiOps compares it.
func TestFindMember(t *testing.T) {
	t.Parallel()
	users := []ubiops.OrganizationUser{
		{ID: "aaaaaaaa-0000-4000-8000-000000000001", Email: "a@example.com"},
		{ID: "bbbbbbbb-0000-4000-8000-000000000002", Email: "B@example.com"},
	}
	for _, c := range []struct {
		byID, byEmail string
		want          int // index into users, -1 for none
	}{
		{byID: "BBBBBBBB-0000-4000-8000-000000000002", want: 1},
		{byID: missingUUID, want: -1},
		{byEmail: "b@EXAMPLE.com", want: 1},
		{byEmail: "c@example.com", want: -1},
	} {
		got := FindMemberByEmail(users, c.byEmail)
		if c.byID != "" {
			got = FindMemberByID(users, c.byID)
		}
		if (c.want < 0 && got != nil) || (c.want >= 0 && got != &users[c.want]) {
			t.Errorf("find %q%q = %v, want index %d", c.byID, c.byEmail, got, c.want)
		}
	}
}

// TestIsUUID tells UUIDs from names and emails in import IDs.
func TestIsUUID(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		missingUUID:                            true,
		"ABCDEF01-2345-4678-89AB-CDEF01234567": true,
		"acme":                                 false,
		"a@example.com":                        false,
		missingUUID + "0":                      false,
	} {
		if got := IsUUID(s); got != want {
			t.Errorf("IsUUID(%q) = %v, want %v", s, got, want)
		}
	}
}
