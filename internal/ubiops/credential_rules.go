package ubiops

// CredentialProblem is a combination of credentials that leaves it unclear
// how to sign in. CredentialProblems is the one place that decides which
// credentials may be combined; the client refuses the first problem, the
// provider reports each against the settings that gave the credentials.
type CredentialProblem int

// The problems, in the order they are reported.
const (
	// CredentialsConflict is a token together with an email, password or
	// TOTP secret: both ways of signing in.
	CredentialsConflict CredentialProblem = iota + 1
	// NoCredential is neither a token nor an email or password.
	NoCredential
	// PasswordWithoutEmail is a password without the account's email.
	PasswordWithoutEmail
	// EmailWithoutPassword is an email without a password (and no token).
	EmailWithoutPassword
	// TOTPWithoutPassword is a TOTP secret without a password to sign in
	// with (and no token: that is CredentialsConflict).
	TOTPWithoutPassword
)

// CredentialsGiven says which credentials are set (not blank).
type CredentialsGiven struct {
	// Token is an API or access token.
	Token bool
	// Email is the email to sign in with.
	Email bool
	// Password is the password to sign in with.
	Password bool
	// TOTPSecret is the two-factor secret key.
	TOTPSecret bool
}

// CredentialProblems lists every problem with the given combination, in
// the order of the constants; none means it is clear how to sign in.
func CredentialProblems(c CredentialsGiven) []CredentialProblem {
	var problems []CredentialProblem
	add := func(p CredentialProblem, when bool) {
		if when {
			problems = append(problems, p)
		}
	}
	add(CredentialsConflict, c.Token && (c.Email || c.Password || c.TOTPSecret))
	add(NoCredential, !c.Token && !c.Email && !c.Password)
	add(PasswordWithoutEmail, c.Password && !c.Email)
	add(EmailWithoutPassword, c.Email && !c.Password && !c.Token)
	add(TOTPWithoutPassword, c.TOTPSecret && !c.Password && !c.Token)
	return problems
}
