package ubiops_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// quickRetries keeps real waits against the emulator short.
var quickRetries = ubiops.RetryPolicy{MaxAttempts: 4, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, MaxWait: 10 * time.Second}

func newEmulatorClient(t *testing.T, srv *ubiopstest.Server, token string) *ubiops.Client {
	t.Helper()
	c, err := ubiops.NewClient(ubiops.Config{Host: srv.URL, Token: token, Retry: quickRetries})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantAPIError checks the status and that the server's message reached the
// error unchanged.
func wantAPIError(t *testing.T, err error, status int, message string) {
	t.Helper()
	var apiErr *ubiops.APIError
	if !errors.As(err, &apiErr) || ubiops.StatusCode(err) != status || !strings.Contains(apiErr.Message, message) {
		t.Errorf("err = %v, want %d with %q", err, status, message)
	}
}

func TestEmulatorOrganizations(t *testing.T) {
	srv := ubiopstest.NewServer(t)
	c := newEmulatorClient(t, srv, "Bearer "+srv.AccessToken)
	ctx := context.Background()

	created, err := c.CreateOrganization(ctx, ubiops.OrganizationCreate{Name: "acme", Subscription: "professional", SubscriptionEndDate: new("2030-01-31")})
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == "" || created.Name != "acme" || created.CreationDate == "" || created.Subscription != "" {
		t.Errorf("create answered %+v; want OrganizationList fields only", created)
	}
	got, err := c.GetOrganization(ctx, "acme")
	if err != nil || got.ID != created.ID || got.Subscription != "professional" {
		t.Fatalf("get = %+v, %v", got, err)
	}
	list, err := c.ListOrganizations(ctx)
	if err != nil || len(list) != 1 || list[0].ID != created.ID {
		t.Errorf("list = %+v, %v", list, err)
	}

	_, err = c.CreateOrganization(ctx, ubiops.OrganizationCreate{Name: "acme"})
	wantAPIError(t, err, 400, "An organization with this name already exists")

	if _, err := c.UpdateOrganization(ctx, "acme", ubiops.OrganizationUpdate{SubscriptionEndDate: ubiops.Null[string]()}); err != nil {
		t.Fatal(err)
	}
	if rec, _ := srv.Organization("acme"); rec.SubscriptionEndDate != nil {
		t.Errorf("end date = %v after sending null, want none", *rec.SubscriptionEndDate)
	}

	renamed, err := c.UpdateOrganization(ctx, "acme", ubiops.OrganizationUpdate{Name: new("acme-ml")})
	if err != nil || renamed.Name != "acme-ml" || renamed.ID != created.ID {
		t.Fatalf("rename = %+v, %v", renamed, err)
	}
	_, err = c.GetOrganization(ctx, "acme")
	if !ubiops.IsNotFound(err) {
		t.Errorf("old name: err = %v, want 404", err)
	}

	usage, err := c.GetResourceUsage(ctx, "acme-ml")
	if err != nil || usage.Users != 1 {
		t.Errorf("resources = %+v, %v; want the creator counted", usage, err)
	}
	credits, err := c.GetUsage(ctx, "acme-ml", ubiops.UsageQuery{StartDate: "2026-01-01", EndDate: "2026-03-01", Interval: "month"})
	if err != nil || credits.Interval != "month" {
		t.Errorf("usage = %+v, %v", credits, err)
	}
	_, err = c.GetUsage(ctx, "acme-ml", ubiops.UsageQuery{Interval: "week"})
	if !ubiops.IsBadRequest(err) {
		t.Errorf("interval week: err = %v, want 400", err)
	}
}

func TestEmulatorMembers(t *testing.T) {
	srv := ubiopstest.NewServer(t)
	ctx := context.Background()
	admin := newEmulatorClient(t, srv, "Bearer "+srv.AccessToken)
	if _, err := admin.CreateOrganization(ctx, ubiops.OrganizationCreate{Name: "acme"}); err != nil {
		t.Fatal(err)
	}
	const otherToken = "0000000000000000000000000000000000other"
	if err := srv.AddUser(emulator.SeedUser{Email: "bob@example.com", Name: "Bob", Token: otherToken}); err != nil {
		t.Fatal(err)
	}

	members, err := admin.ListOrganizationUsers(ctx, "acme")
	if err != nil || len(members) != 1 || !members[0].Admin {
		t.Fatalf("members = %+v, %v; want the creator as admin", members, err)
	}
	creator := members[0]

	bob, err := admin.CreateOrganizationUser(ctx, "acme", ubiops.OrganizationUserCreate{Email: "bob@example.com"})
	if err != nil || bob.Admin || bob.Name != "Bob" {
		t.Fatalf("add = %+v, %v", bob, err)
	}
	_, err = admin.CreateOrganizationUser(ctx, "acme", ubiops.OrganizationUserCreate{Email: "BOB@example.com"})
	wantAPIError(t, err, 400, "already a member")

	invited, err := admin.CreateOrganizationUser(ctx, "acme", ubiops.OrganizationUserCreate{Email: "new@example.com", Admin: true})
	if err != nil || invited.Status != "invited" || !invited.Admin {
		t.Errorf("invite = %+v, %v", invited, err)
	}

	// Bob is a member but not an admin: the organization's details are for
	// admins only.
	asBob := newEmulatorClient(t, srv, "Bearer "+otherToken)
	_, err = asBob.GetOrganization(ctx, "acme")
	wantAPIError(t, err, 403, "You do not have permission")
	_, err = asBob.UpdateOrganizationUser(ctx, "acme", bob.ID, ubiops.OrganizationUserUpdate{Admin: true})
	wantAPIError(t, err, 403, "You do not have permission")
	_, err = asBob.UpdateOrganization(ctx, "acme", ubiops.OrganizationUpdate{TwoFactorAuthenticationForced: new(true)})
	wantAPIError(t, err, 403, "You do not have permission")

	got, err := admin.GetOrganizationUser(ctx, "acme", bob.ID)
	if err != nil || got.Email != "bob@example.com" {
		t.Errorf("get = %+v, %v", got, err)
	}
	promoted, err := admin.UpdateOrganizationUser(ctx, "acme", bob.ID, ubiops.OrganizationUserUpdate{Admin: true})
	if err != nil || !promoted.Admin {
		t.Errorf("promote = %+v, %v", promoted, err)
	}
	for _, id := range []string{invited.ID, bob.ID} {
		if err := admin.DeleteOrganizationUser(ctx, "acme", id); err != nil {
			t.Fatal(err)
		}
	}
	_, err = admin.UpdateOrganizationUser(ctx, "acme", creator.ID, ubiops.OrganizationUserUpdate{Admin: false})
	wantAPIError(t, err, 400, "last admin")
	err = admin.DeleteOrganizationUser(ctx, "acme", creator.ID)
	wantAPIError(t, err, 400, "last admin")

	err = admin.DeleteOrganizationUser(ctx, "acme", bob.ID)
	if !ubiops.IsNotFound(err) {
		t.Errorf("deleting a removed member: err = %v, want 404", err)
	}
	if n := len(srv.Members("acme")); n != 1 {
		t.Errorf("%d members left, want 1", n)
	}
	if stats := srv.Stats(); stats.Count("DELETE /organizations/{organization_name}/users/{user_id}") != 4 {
		t.Errorf("stats = %+v, want 4 deletes", stats.Routes)
	}
}

func TestEmulatorAuthentication(t *testing.T) {
	srv := ubiopstest.NewServer(t)
	const wrong = "Token wrong-token-that-is-long-enough"
	_, err := newEmulatorClient(t, srv, wrong).ListOrganizations(context.Background())
	wantAPIError(t, err, 401, "Invalid token")
	if strings.Contains(err.Error(), "wrong-token-that-is-long-enough") {
		t.Errorf("the error shows the token: %v", err)
	}
	_, err = newEmulatorClient(t, srv, "Bearer "+srv.AccessToken).GetOrganization(context.Background(), "missing")
	wantAPIError(t, err, 404, "Organization not found")
}

func TestEmulatorWritesAreNeverRepeated(t *testing.T) {
	srv := ubiopstest.NewServer(t, emulator.WithFaultRate(0.5, 7))
	c := newEmulatorClient(t, srv, "Bearer "+srv.AccessToken)
	ctx := context.Background()
	const creates = 20
	failed := 0
	for i := range creates {
		_, err := c.CreateOrganization(ctx, ubiops.OrganizationCreate{Name: "org-" + string(rune('a'+i))})
		if err != nil {
			failed++
			if !ubiops.IsAmbiguous(err) {
				t.Errorf("a failed create must be ambiguous: %v", err)
			}
		}
	}
	if failed == 0 {
		t.Fatal("no fault was injected; the test proves nothing")
	}
	if n := srv.Stats().Count("POST /organizations"); n != creates {
		t.Errorf("the server got %d creates for %d calls: a POST that may have reached it was sent again", n, creates)
	}
}

func TestEmulatorPacingAvoidsTheRateLimit(t *testing.T) {
	// The emulator's minute ends half a second after the test starts, so the
	// window resets quickly in real time.
	start := time.Now()
	base := time.Date(2026, 1, 1, 12, 0, 59, 500_000_000, time.UTC)
	srv := ubiopstest.NewServer(t, emulator.WithRateLimit(3), emulator.WithClock(func() time.Time { return base.Add(time.Since(start)) }))
	c := newEmulatorClient(t, srv, "Bearer "+srv.AccessToken)
	for range 5 {
		if _, err := c.ListOrganizations(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if stats := srv.Stats(); stats.RateLimited != 0 || stats.Total != 5 {
		t.Errorf("stats = %+v; pacing should have waited for the window instead of meeting a 429", stats)
	}
}

func TestEmulatorRetriesA429(t *testing.T) {
	start := time.Now()
	base := time.Date(2026, 1, 1, 12, 0, 59, 500_000_000, time.UTC)
	srv := ubiopstest.NewServer(t, emulator.WithRateLimit(1), emulator.WithClock(func() time.Time { return base.Add(time.Since(start)) }))
	// Another client from the same address uses up the window unseen.
	if _, err := newEmulatorClient(t, srv, "Bearer "+srv.AccessToken).ListOrganizations(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := newEmulatorClient(t, srv, "Bearer "+srv.AccessToken).ListOrganizations(context.Background()); err != nil {
		t.Fatal(err)
	}
	if stats := srv.Stats(); stats.RateLimited != 1 || stats.Total != 3 {
		t.Errorf("stats = %+v; want one 429, retried after the window reset", stats)
	}
}

// signInClient is a client of srv that signs in with email, password and
// totpSecret.
func signInClient(t *testing.T, srv *ubiopstest.Server, email, password, totpSecret string) *ubiops.Client {
	t.Helper()
	c, err := ubiops.NewClient(ubiops.Config{Host: srv.URL, Email: email, Password: password, TOTPSecret: totpSecret, Retry: quickRetries})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEmulatorSignIn(t *testing.T) {
	// The emulator's clock is the test's to move, so an access token can
	// expire between two requests.
	var offset atomic.Int64
	srv := ubiopstest.NewServer(t, emulator.WithAccessTokenTTL(time.Hour),
		emulator.WithClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }))
	const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	if err := srv.AddUser(emulator.SeedUser{Email: "two@example.com", Name: "Two", Password: "second-factor-pw", TOTPSecret: totpSecret}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	c := signInClient(t, srv, srv.Email, srv.Password, "")
	if err := c.CheckHost(ctx); err != nil {
		t.Fatalf("CheckHost: %v", err)
	}
	if n := srv.Stats().Count("POST /authorize"); n != 0 {
		t.Fatalf("the host check signed in %d times", n)
	}
	user, err := c.CurrentUser(ctx)
	if err != nil || user.Email != srv.Email || user.ID == "" || c.CredentialKind() != ubiops.CredentialSignIn {
		t.Fatalf("CurrentUser() = %+v, %v", user, err)
	}
	if n := srv.Stats().Count("POST /authorize"); n != 1 {
		t.Errorf("signed in %d times, want 1", n)
	}

	if user, err := signInClient(t, srv, "two@example.com", "second-factor-pw", totpSecret).CurrentUser(ctx); err != nil || user.Email != "two@example.com" {
		t.Errorf("two-factor sign-in: %+v, %v", user, err)
	}
	var signInErr *ubiops.SignInError
	_, err = signInClient(t, srv, "two@example.com", "second-factor-pw", "").CurrentUser(ctx)
	if !errors.As(err, &signInErr) || !signInErr.NeedsTOTPSecret {
		t.Errorf("two-factor account without a TOTP secret: err = %v", err)
	}
	_, err = signInClient(t, srv, srv.Email, "wrong-password", "").CurrentUser(ctx)
	if !ubiops.IsSignInFailed(err) || strings.Contains(err.Error(), "wrong-password") {
		t.Errorf("wrong password: err = %v", err)
	}

	// Last, since the emulator then checks two-factor codes against a
	// clock two hours ahead.
	before := srv.Stats().Count("POST /authorize")
	offset.Store(int64(2 * time.Hour)) // the access token expired
	if _, err := c.ListOrganizations(ctx); err != nil {
		t.Fatalf("after the access token expired: %v", err)
	}
	if n := srv.Stats().Count("POST /authorize") - before; n != 1 {
		t.Errorf("signed in %d more times after expiry, want 1", n)
	}

	service := newEmulatorClient(t, srv, "Token "+srv.ServiceToken)
	_, err = service.ListOrganizations(ctx)
	if !ubiops.IsForbidden(err) || service.CredentialKind() != ubiops.CredentialServiceToken {
		t.Errorf("a service token at organization level: err = %v, kind %q", err, service.CredentialKind())
	}
}
