package ubiops

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"
)

func TestErrorMessageFallback(t *testing.T) {
	long := strings.Repeat("é", maxMessage)
	for body, want := range map[string]string{
		`{"error":"An organization with this name already exists"}`:  "An organization with this name already exists",
		`{"error":"","error_message":"Bad date","detail":"ignored"}`: "Bad date",
		`{"detail":"Authentication credentials were not provided."}`: "Authentication credentials were not provided.",
		`{"error":["first","second"]}`:                               "first; second",
		`{"error":{"name":["too long"]}}`:                            `{"name":["too long"]}`,
		`{"error":null,"detail":"  padded  "}`:                       "padded",
		`{"message":"unknown shape"}`:                                `{"message":"unknown shape"}`,
		"<html>Bad Gateway</html>\n":                                 "<html>Bad Gateway</html>",
		"":                                                           "",
		"\xff\xfe":                                                   "?",
		`{"error":"` + long + `"}`:                                   long[:maxMessage] + "...",
	} {
		if got := errorMessage([]byte(body)); got != want {
			t.Errorf("errorMessage(%.40q) = %.60q, want %.60q", body, got, want)
		}
	}
}

func TestAPIErrorString(t *testing.T) {
	for _, tt := range []struct {
		err  *APIError
		want string
	}{
		{&APIError{StatusCode: 400, Message: "The last admin cannot be removed", Method: "DELETE", Path: "/organizations/acme/users/u"},
			"DELETE /organizations/acme/users/u: 400 Bad Request: The last admin cannot be removed"},
		{&APIError{StatusCode: 502, Method: "GET", Path: "/organizations"}, "GET /organizations: 502 Bad Gateway"},
		{&APIError{StatusCode: 599, Message: "odd", Method: "GET", Path: "/x"}, "GET /x: 599: odd"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestErrorClassifiers(t *testing.T) {
	wrap := func(status int) error {
		return fmt.Errorf("reading: %w", &APIError{StatusCode: status})
	}
	checks := map[string]func(error) bool{
		"IsNotFound": IsNotFound, "IsForbidden": IsForbidden, "IsUnauthorized": IsUnauthorized,
		"IsBadRequest": IsBadRequest, "IsRateLimited": IsRateLimited,
	}
	statusOf := map[string]int{"IsNotFound": 404, "IsForbidden": 403, "IsUnauthorized": 401, "IsBadRequest": 400, "IsRateLimited": 429}
	for name, check := range checks {
		for _, status := range []int{400, 401, 403, 404, 429, 500} {
			if got := check(wrap(status)); got != (status == statusOf[name]) {
				t.Errorf("%s(%d) = %v", name, status, got)
			}
		}
		if check(nil) || check(errors.New("plain")) {
			t.Errorf("%s accepts an error without a status", name)
		}
	}
	for err, want := range map[error]bool{
		nil:                false,
		wrap(400):          false,
		wrap(404):          false,
		wrap(500):          true,
		wrap(503):          true,
		syscall.ECONNRESET: true,
		context.Canceled:   true,
	} {
		if got := IsAmbiguous(err); got != want {
			t.Errorf("IsAmbiguous(%v) = %v, want %v", err, got, want)
		}
	}
	if StatusCode(wrap(418)) != 418 || StatusCode(errors.New("x")) != 0 {
		t.Error("StatusCode does not find the status in the chain")
	}
}

func TestErrorsNeverCarryTheToken(t *testing.T) {
	c, _ := newServerClient(t, 401, `{"detail":"Invalid token Token `+testToken+`."}`)
	_, err := c.ListOrganizations(context.Background())
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v, want a 401", err)
	}
	if msg := err.Error(); strings.Contains(msg, testToken) || !strings.Contains(msg, "Invalid token Token "+redacted+".") {
		t.Errorf("error %q must keep the server's words but not the token", msg)
	}
	if !utf8.ValidString(err.Error()) {
		t.Error("invalid UTF-8 in the error")
	}
}
