package emulator

import "net/http"

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
