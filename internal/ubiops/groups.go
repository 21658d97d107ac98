package ubiops

import (
	"context"
	"strings"
)

// endpointGroup is one of UbiOps' rate-limit groups. UbiOps counts the
// requests of each group apart, per address: the user group (registration,
// authentication and accounts: /authorize, /oauth/*, /user) allows 30 a
// minute, the general group (everything else) 300. Each answer's
// x-ratelimit-* headers describe its own group's window.
type endpointGroup int

const (
	// groupGeneral is every endpoint outside the user group.
	groupGeneral endpointGroup = iota
	// groupUser is /authorize, /oauth/* and /user.
	groupUser
	// endpointGroups is the number of groups.
	endpointGroups
)

// String names the group, for the log.
func (g endpointGroup) String() string {
	if g == groupUser {
		return "user"
	}
	return "general"
}

// groupOfPath is the group of a path below the API's base URL, as the
// client builds it ("/user", "/organizations/x/users").
func groupOfPath(p string) endpointGroup {
	if p == "/user" || p == "/authorize" || strings.HasPrefix(p, "/oauth/") {
		return groupUser
	}
	return groupGeneral
}

type groupKey struct{}

// withGroup marks ctx's requests as belonging to group. The client marks
// each request it builds, knowing the path below the base URL; the pacing
// layer, which sees only the full URL, reads the mark (an organization named
// "user" must not count as the user group).
func withGroup(ctx context.Context, group endpointGroup) context.Context {
	return context.WithValue(ctx, groupKey{}, group)
}

// groupOf is the group marked on ctx; general when unmarked.
func groupOf(ctx context.Context) endpointGroup {
	g, _ := ctx.Value(groupKey{}).(endpointGroup)
	return g
}
