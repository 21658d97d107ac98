package orgs

import (
	"context"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// maxCreateAttempts bounds how often a creation whose answer was lost is
// sent again after the object was found absent. Each attempt follows a
// fresh lookup that proved the object absent, so a higher bound never
// duplicates anything; it lets an apply of many creations ride out a host
// that fails often. With a fifth of all requests failing, 4 attempts left
// about one apply of 65 memberships in 25 with a creation that failed four
// times in a row; with 8, about one in 15,000.
const maxCreateAttempts = 8

// createOrAdopt runs create. The client never re-sends a creation that may
// have reached the server, so when the answer is lost (IsAmbiguous) the
// object may or may not exist: find looks it up by its natural key (a name,
// an email). Found, it is adopted; provably absent, create runs again. So an
// object is neither created twice nor recorded in state without existing.
// An answer about another object (*MismatchedAnswer) is an answer, not a
// lost one: it ends the creation with its error.
func createOrAdopt[T any](ctx context.Context, log ubiops.Logger, what string, create func() (T, error), find func() (T, bool, error)) (T, error) {
	for attempt := 1; ; attempt++ {
		created, err := create()
		if err == nil || !ubiops.IsAmbiguous(err) || Settled(err) || ctx.Err() != nil {
			return created, err
		}
		found, ok, findErr := find()
		if findErr != nil {
			log.Debug(ctx, "creation failed without an answer and the lookup failed too", map[string]any{
				"object": what, "create_error": err.Error(), "lookup_error": findErr.Error(),
			})
			return created, err
		}
		if ok {
			log.Debug(ctx, "creation answer lost; the object exists and is adopted", map[string]any{
				"object": what, "error": err.Error(),
			})
			return found, nil
		}
		if attempt >= maxCreateAttempts {
			return created, err
		}
		log.Debug(ctx, "creation answer lost; the object does not exist, so it is created again", map[string]any{
			"object": what, "attempt": attempt, "error": err.Error(),
		})
	}
}
