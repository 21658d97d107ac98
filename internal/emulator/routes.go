package emulator

import (
	"net/http"
	"path"
	"strings"
)

// APIPrefix is the API version prefix of every route: the emulator serves the
// API at its base URL plus APIPrefix.
const APIPrefix = "/v2.1"

// maxRouteKeyLength bounds the stats key of an unmatched path, so that odd
// clients cannot grow the counters without limit.
const maxRouteKeyLength = 200

// authedHandler is a route handler that runs for an authenticated caller.
type authedHandler func(w http.ResponseWriter, r *http.Request, caller *user)

// route is one API operation.
type route struct {
	method  string
	path    string // as the API documentation writes it, without APIPrefix
	handler authedHandler
}

// routes lists the eleven operations of the Organizations API.
func (e *Emulator) routes() []route {
	const org = "/organizations/{organization_name}"
	return []route{
		{http.MethodGet, "/organizations", e.listOrganizations},
		{http.MethodPost, "/organizations", e.createOrganization},
		{http.MethodGet, org, e.getOrganization},
		{http.MethodPatch, org, e.updateOrganization},
		{http.MethodGet, org + "/resources", e.getResources},
		{http.MethodGet, org + "/usage", e.getUsage},
		{http.MethodGet, org + "/users", e.listMembers},
		{http.MethodPost, org + "/users", e.createMember},
		{http.MethodGet, org + "/users/{user_id}", e.getMember},
		{http.MethodPatch, org + "/users/{user_id}", e.updateMember},
		{http.MethodDelete, org + "/users/{user_id}", e.deleteMember},
	}
}

// apiRoutes builds the API mux. Every path also gets a method-less pattern
// answering 405, and everything else a JSON 404, so that no answer is ever
// the mux's plain-text default.
func (e *Emulator) apiRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	allowed := map[string][]string{}
	var paths []string
	for _, rt := range e.routes() {
		mux.Handle(rt.method+" "+APIPrefix+rt.path, e.authenticated(rt.handler))
		if allowed[rt.path] == nil {
			paths = append(paths, rt.path)
		}
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	for _, p := range paths {
		mux.Handle(APIPrefix+p, methodNotAllowed(allowed[p]))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "Not found")
	})
	return mux
}

// methodNotAllowed answers 405 listing the methods the path supports.
func methodNotAllowed(methods []string) http.Handler {
	allow := strings.Join(methods, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, "Method \""+r.Method+"\" not allowed.")
	})
}

// canonical reports whether the mux can route r without redirecting it,
// which it would do (in plain text) for unclean paths.
func canonical(r *http.Request) bool {
	p := r.URL.Path
	return r.RequestURI != "*" && strings.HasPrefix(p, "/") && (p == "/" || path.Clean(p) == p)
}

// routeKey names the route r matches for the stats: "METHOD pattern" without
// the API prefix, or "METHOD path" when no route matches.
func (e *Emulator) routeKey(r *http.Request) string {
	if canonical(r) {
		_, pattern := e.api.Handler(r)
		if _, p, found := strings.Cut(pattern, " "); found {
			pattern = p
		}
		if pattern != "/" && pattern != "" {
			return r.Method + " " + strings.TrimPrefix(pattern, APIPrefix)
		}
	}
	key := r.Method + " " + r.URL.Path
	if len(key) > maxRouteKeyLength {
		key = key[:maxRouteKeyLength]
	}
	return key
}

// serveRoute dispatches r to its operation.
func (e *Emulator) serveRoute(w http.ResponseWriter, r *http.Request) {
	if !canonical(r) {
		writeError(w, http.StatusNotFound, "Not found")
		return
	}
	e.api.ServeHTTP(w, r)
}
