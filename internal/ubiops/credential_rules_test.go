package ubiops

import (
	"slices"
	"testing"
)

// TestCredentialProblems: which credentials may be combined, decided once.
func TestCredentialProblems(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		given CredentialsGiven
		want  []CredentialProblem
	}{
		{CredentialsGiven{Token: true}, nil},
		{CredentialsGiven{Email: true, Password: true}, nil},
		{CredentialsGiven{Email: true, Password: true, TOTPSecret: true}, nil},
		{CredentialsGiven{}, []CredentialProblem{NoCredential}},
		{CredentialsGiven{TOTPSecret: true}, []CredentialProblem{NoCredential, TOTPWithoutPassword}},
		{CredentialsGiven{Token: true, Email: true}, []CredentialProblem{CredentialsConflict}},
		{CredentialsGiven{Token: true, Password: true}, []CredentialProblem{CredentialsConflict, PasswordWithoutEmail}},
		{CredentialsGiven{Token: true, TOTPSecret: true}, []CredentialProblem{CredentialsConflict}},
		{CredentialsGiven{Email: true}, []CredentialProblem{EmailWithoutPassword}},
		{CredentialsGiven{Password: true}, []CredentialProblem{PasswordWithoutEmail}},
	} {
		if got := CredentialProblems(c.given); !slices.Equal(got, c.want) {
			t.Errorf("CredentialProblems(%+v) = %v, want %v", c.given, got, c.want)
		}
	}
}
