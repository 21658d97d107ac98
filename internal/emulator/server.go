package emulator

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"
)

// ServeHTTP serves the API and the emulator's control endpoints.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer recoverPanic(w)
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		e.control.ServeHTTP(w, r)
		return
	}
	e.serveAPI(w, r)
}

// recoverPanic turns a handler panic into a JSON 500 instead of a dropped
// connection, so that a bug shows up as an answer a client can report. The
// panic net/http uses to abort a response on purpose is passed on.
func recoverPanic(w http.ResponseWriter) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	writeError(w, http.StatusInternalServerError, "internal server error")
}

// controlPrefix is where the emulator's own endpoints live; they need no
// token and are not counted in the stats.
const controlPrefix = "/__emulator/"

// controlRoutes serves the emulator's own endpoints.
func (e *Emulator) controlRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /__emulator/stats", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, e.Stats())
	})
	mux.HandleFunc("POST /__emulator/stats/reset", func(w http.ResponseWriter, _ *http.Request) {
		e.ResetStats()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "Not found")
	})
	return mux
}

// serveAPI runs an API request through what stands between a client and
// UbiOps' handlers: counting, latency, the rate limiter and the fault
// injector, in the order a real deployment would apply them.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	if e.logger != nil {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		began := time.Now()
		defer func() {
			e.logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", time.Since(began))
		}()
		w = sw
	}
	e.stats.request(e.routeKey(r))
	if !e.delay(r.Context()) {
		return
	}
	decision := e.limiters[rateGroupOf(r.URL.Path)].take(clientKey(r), e.clock())
	decision.setHeaders(w.Header())
	if !decision.allowed {
		e.stats.rateLimited()
		writeError(w, http.StatusTooManyRequests, "Rate limit exceeded")
		return
	}
	fault := e.faults.draw(isWrite(r.Method))
	switch {
	case fault == faultNone:
		e.serveRoute(w, r)
	case fault.afterCommit():
		e.stats.fault()
		e.serveRoute(newDiscardWriter(), r)
		fault.respond(w)
	default:
		e.stats.fault()
		fault.respond(w)
	}
}

// delay waits for the configured latency, giving up when the client does.
func (e *Emulator) delay(ctx context.Context) bool {
	d := time.Duration(e.latency.Load())
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// APIPrefix is the API version prefix of every route: the emulator serves the
// API at its base URL plus APIPrefix.
const APIPrefix = "/v2.1"

// maxRouteKeyLength bounds the stats key of an unmatched path, so that odd
// clients cannot grow the counters without limit.
const maxRouteKeyLength = 200

// authedHandler is a route handler; caller is who the credentials
// authenticate, nil on routes open to anyone.
type authedHandler func(w http.ResponseWriter, r *http.Request, caller *user)

// route is one API operation.
type route struct {
	method  string
	path    string // as the API documentation writes it, without APIPrefix
	who     callers
	handler authedHandler
}

// routes lists the eleven operations of the Organizations API, which only
// people may call, and the four that sign in, tell who is signed in and
// whether the host is UbiOps.
func (e *Emulator) routes() []route {
	const org = "/organizations/{organization_name}"
	return []route{
		{http.MethodPost, "/oauth/sign-in", anyone, e.oauthSignIn},
		{http.MethodPost, "/authorize", anyone, e.authorize},
		{http.MethodGet, "/status", anyone, e.status},
		{http.MethodGet, "/user", signedIn, e.currentUser},
		{http.MethodGet, "/organizations", people, e.listOrganizations},
		{http.MethodPost, "/organizations", people, e.createOrganization},
		{http.MethodGet, org, people, e.getOrganization},
		{http.MethodPatch, org, people, e.updateOrganization},
		{http.MethodGet, org + "/resources", people, e.getResources},
		{http.MethodGet, org + "/usage", people, e.getUsage},
		{http.MethodGet, org + "/users", people, e.listMembers},
		{http.MethodPost, org + "/users", people, e.createMember},
		{http.MethodGet, org + "/users/{user_id}", people, e.getMember},
		{http.MethodPatch, org + "/users/{user_id}", people, e.updateMember},
		{http.MethodDelete, org + "/users/{user_id}", people, e.deleteMember},
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
		mux.Handle(rt.method+" "+APIPrefix+rt.path, e.authenticated(rt.who, rt.handler))
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

// maxBodyBytes bounds request bodies; the API's bodies are a few fields.
const maxBodyBytes = 1 << 20

// fields is a decoded JSON object body. Keeping raw values lets handlers tell
// an absent field from an explicit null, which PATCH semantics depend on.
type fields map[string]json.RawMessage

// readFields reads r's body as a JSON object. The error is kept rather than
// answered at once, because permission checks come first.
func readFields(r *http.Request) (fields, error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, badRequest("could not read the request body")
	}
	if len(data) > maxBodyBytes {
		return nil, badRequest("request body is too large")
	}
	var f fields
	if err := json.Unmarshal(data, &f); err != nil || f == nil {
		return nil, badRequest("JSON parse error: the request body must be a JSON object")
	}
	return f, nil
}

// isNull reports whether the field is present with the value null.
func (f fields) isNull(key string) bool {
	raw, ok := f[key]
	return ok && string(raw) == "null"
}

// str returns a string field: nil when absent or null.
func (f fields) str(key string) (*string, error) {
	var v *string
	if err := f.decode(key, &v, "a string"); err != nil {
		return nil, err
	}
	return v, nil
}

// nonBlank returns a string field that, when given, must hold more than
// whitespace (the API's min-length rule): nil when absent or null.
func (f fields) nonBlank(key string) (*string, error) {
	v, err := f.str(key)
	if err == nil && v != nil && strings.TrimSpace(*v) == "" {
		err = badRequest(key + ": this field may not be blank")
	}
	return v, err
}

// boolean returns a boolean field: nil when absent or null.
func (f fields) boolean(key string) (*bool, error) {
	var v *bool
	if err := f.decode(key, &v, "a boolean"); err != nil {
		return nil, err
	}
	return v, nil
}

// decode unmarshals one field, naming the field and the expected type when
// the value has the wrong type.
func (f fields) decode(key string, dst any, want string) error {
	raw, ok := f[key]
	if !ok {
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return badRequest(fmt.Sprintf("%s: must be %s", key, want))
	}
	return nil
}

// writeJSON answers with v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // messages mention <access token>; keep them readable
	_ = enc.Encode(v)        // the client may be gone; nothing to do then
}

// writeError answers with UbiOps' general error shape {"error": "..."}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// writeDetail answers an authentication or permission failure with the
// message under both "error" and "detail": UbiOps' SDK and CLI read "error"
// (and print a body without one raw), while Django REST framework, on which
// UbiOps is built, words these failures as "detail", which other clients
// read.
func writeDetail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg, "detail": msg})
}

// Messages shared by several handlers, so that every route words the same
// failure the same way.
const (
	msgNoPermission   = "You do not have permission to perform this action."
	msgOrgNotFound    = "Organization not found"
	msgUserNotFound   = "User not found in this organization"
	msgOrgNameExists  = "An organization with this name already exists"
	msgAlreadyMember  = "The user is already a member of this organization"
	msgServiceMember  = "Service users cannot be members of an organization"
	msgLastAdminDel   = "The last admin of an organization cannot be deleted"
	msgLastAdminDemot = "The last admin of an organization cannot be changed to a regular user"
)

// apiError is a broken rule with the status and message the API answers
// with. Store operations return it so that the HTTP handlers and the direct
// test methods enforce the same rules.
type apiError struct {
	status int
	msg    string
}

// Error is the message the API answers with.
func (e *apiError) Error() string { return e.msg }

// badRequest is the 400 every validation failure answers with.
func badRequest(msg string) error { return &apiError{status: http.StatusBadRequest, msg: msg} }

// notFound is the 404 for a missing organization or membership.
func notFound(msg string) error { return &apiError{status: http.StatusNotFound, msg: msg} }

// forbidden is the 403 for a caller who lacks a permission.
func forbidden() error { return &apiError{status: http.StatusForbidden, msg: msgNoPermission} }

// writeAPIError answers with err's status; permission failures also carry
// "detail", like authentication failures do.
func writeAPIError(w http.ResponseWriter, err error) {
	ae, ok := err.(*apiError)
	if !ok {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if ae.status == http.StatusForbidden || ae.status == http.StatusUnauthorized {
		writeDetail(w, ae.status, ae.msg)
		return
	}
	writeError(w, ae.status, ae.msg)
}

// newUUID returns a random (version 4) UUID, the shape of every id UbiOps
// hands out.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader remembers code before sending it.
func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection for hijacking.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// discardWriter swallows the answer of a request whose response an
// after-commit fault replaces.
type discardWriter struct{ header http.Header }

func newDiscardWriter() *discardWriter { return &discardWriter{header: http.Header{}} }

// Header collects headers that are never sent.
func (d *discardWriter) Header() http.Header { return d.header }

// Write drops p.
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// WriteHeader drops the status.
func (d *discardWriter) WriteHeader(int) {}
