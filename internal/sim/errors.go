package sim

import (
	"fmt"
	"net/http"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// apiError is an error the control plane reports to its client as is; any
// other error becomes a 500 whose detail goes to the log only.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.code + ": " + e.msg }

func newAPIError(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, msg: fmt.Sprintf(format, args...)}
}

func invalidRequest(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, simapi.CodeInvalidRequest, format, args...)
}

func notFound(kind, name string) *apiError {
	return newAPIError(http.StatusNotFound, simapi.CodeNotFound, "%s %q not found", kind, name)
}

func conflict(code, format string, args ...any) *apiError {
	return newAPIError(http.StatusConflict, code, format, args...)
}
