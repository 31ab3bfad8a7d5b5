package backend

import (
	"errors"
	"fmt"
)

// Sentinel kinds, matched with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid request")
)

// NotFoundError says which object is missing.
type NotFoundError struct {
	Kind string // "cache" or "replication group"
	ID   string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %q not found", e.Kind, e.ID) }

func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// APIError is an error the backend's service reported, kept with its code so
// diagnostics can show both. Kind is one of the sentinels above, or nil.
type APIError struct {
	Kind       error
	StatusCode int
	Code       string
	Message    string
}

func (e *APIError) Error() string {
	if e.Code == "" {
		return e.Message
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *APIError) Is(target error) bool { return e.Kind != nil && target == e.Kind }

// IsNotFound reports whether err means the object does not exist.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
