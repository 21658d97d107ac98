package ubiops

import "encoding/json"

// Nullable is a field of a partial update that has three states: absent
// (the zero value, left out of the body with the `omitzero` tag), an explicit
// JSON null, or a value.
type Nullable[T any] struct {
	set   bool
	null  bool
	value T
}

// Value returns a Nullable that sends v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{set: true, value: v} }

// Null returns a Nullable that sends an explicit JSON null.
func Null[T any]() Nullable[T] { return Nullable[T]{set: true, null: true} }

// IsZero reports whether the field is absent; encoding/json's omitzero uses it.
func (n Nullable[T]) IsZero() bool { return !n.set }

// IsNull reports whether the field is an explicit null.
func (n Nullable[T]) IsNull() bool { return n.set && n.null }

// Get returns the value and whether one is set (false for absent and null).
func (n Nullable[T]) Get() (T, bool) { return n.value, n.set && !n.null }

// MarshalJSON writes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.set || n.null {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}
