package emulator

import "net/http"

// apiError is a broken rule with the status and message the API answers
// with. Store operations return it so that the HTTP handlers and the direct
// test methods enforce the same rules.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

// badRequest is the 400 every validation failure answers with.
func badRequest(msg string) error { return &apiError{status: http.StatusBadRequest, msg: msg} }

// notFound is the 404 for a missing organization or membership.
func notFound(msg string) error { return &apiError{status: http.StatusNotFound, msg: msg} }

// forbidden is the 403 for a caller who lacks a permission.
func forbidden() error { return &apiError{status: http.StatusForbidden, msg: msgNoPermission} }

// writeAPIError answers with err's status; permission failures use the
// "detail" shape like authentication failures do.
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
