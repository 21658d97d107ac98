package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

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
