package emulator

import (
	"encoding/json"
	"net/http"
)

// writeJSON answers with v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client may be gone; nothing to do then
}

// writeError answers with UbiOps' general error shape {"error": "..."}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// writeDetail answers with {"detail": "..."}: UbiOps (a Django REST
// framework service) uses this shape for authentication and permission
// failures, and clients fall back to it.
func writeDetail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"detail": msg})
}

// Messages shared by several handlers, so that every route words the same
// failure the same way.
const (
	msgInvalidToken   = "Invalid token."
	msgNoPermission   = "You do not have permission to perform this action."
	msgOrgNotFound    = "Organization not found"
	msgUserNotFound   = "User not found in this organization"
	msgOrgNameExists  = "An organization with this name already exists"
	msgAlreadyMember  = "The user is already a member of this organization"
	msgLastAdminDel   = "The last admin of an organization cannot be deleted"
	msgLastAdminDemot = "The last admin of an organization cannot be changed to a regular user"
)
