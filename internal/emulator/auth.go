package emulator

import (
	"net/http"
	"strings"
)

// authenticated resolves the caller from "Authorization: Token <token>"
// before running h, answering 401 in UbiOps' (Django REST framework) wording
// otherwise.
func (e *Emulator) authenticated(h authedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			unauthorized(w, "Authentication credentials were not provided.")
			return
		}
		scheme, token, _ := strings.Cut(header, " ")
		if scheme != "Token" {
			unauthorized(w, msgInvalidToken)
			return
		}
		e.store.mu.Lock()
		caller := e.store.userByToken(strings.TrimSpace(token))
		e.store.mu.Unlock()
		if caller == nil {
			unauthorized(w, msgInvalidToken)
			return
		}
		h(w, r, caller)
	})
}

// unauthorized answers 401 with the challenge naming the expected scheme.
func unauthorized(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", "Token")
	writeDetail(w, http.StatusUnauthorized, msg)
}

// orgAccess finds the organization in the path and checks the caller's
// membership: 404 when it does not exist, 403 when the caller is not a member,
// or not an admin when needAdmin. The store lock must be held.
func (s *store) orgAccess(caller *user, name string, needAdmin bool) (*organization, error) {
	o := s.org(name)
	if o == nil {
		return nil, notFound(msgOrgNotFound)
	}
	m := o.memberOf(caller)
	if m == nil || (needAdmin && !m.admin) {
		return nil, forbidden()
	}
	return o, nil
}
