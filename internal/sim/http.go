package sim

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// maxBody bounds request bodies; real ones are a few hundred bytes.
const maxBody = 1 << 20

// handlerFunc serves one route; name is the path's {name} segment, if any.
type handlerFunc func(w http.ResponseWriter, r *http.Request, name string) error

// routeFor maps a path to the handlers of each method it accepts, and the
// {name} it carries. A nil map means no such path.
func (s *Server) routeFor(path string) (map[string]handlerFunc, string) {
	switch path {
	case simapi.PathHealth:
		return map[string]handlerFunc{http.MethodGet: s.getHealth}, ""
	case simapi.PathStatus:
		return map[string]handlerFunc{http.MethodGet: s.getStatus}, ""
	case simapi.PathRegions:
		return map[string]handlerFunc{http.MethodGet: s.getRegions}, ""
	case simapi.PathSKUs:
		return map[string]handlerFunc{http.MethodGet: s.getSKUs}, ""
	case simapi.PathCaches:
		return map[string]handlerFunc{http.MethodGet: s.listCaches}, ""
	case simapi.PathGroups:
		return map[string]handlerFunc{http.MethodGet: s.listGroups}, ""
	case simapi.PathFaults:
		return map[string]handlerFunc{http.MethodGet: s.getFaults}, ""
	case simapi.PathPartitions:
		return map[string]handlerFunc{http.MethodPost: s.postPartition, http.MethodDelete: s.deletePartitions}, ""
	case simapi.PathLatency:
		return map[string]handlerFunc{http.MethodPut: s.putLatency, http.MethodDelete: s.deleteLatency}, ""
	}
	if rest, ok := strings.CutSuffix(path, simapi.FlushSuffix); ok {
		if name, ok := itemName(rest, simapi.PathCaches); ok {
			return map[string]handlerFunc{http.MethodPost: s.flushCache}, name
		}
	}
	if name, ok := itemName(path, simapi.PathCaches); ok {
		return map[string]handlerFunc{
			http.MethodGet:    s.getCache,
			http.MethodPut:    s.putCache,
			http.MethodPatch:  s.patchCache,
			http.MethodDelete: s.deleteCache,
		}, name
	}
	if name, ok := itemName(path, simapi.PathGroups); ok {
		return map[string]handlerFunc{
			http.MethodGet:    s.getGroup,
			http.MethodPut:    s.putGroup,
			http.MethodDelete: s.deleteGroup,
		}, name
	}
	return nil, ""
}

// itemName extracts {name} from collection + "/{name}"; nested paths are not
// items.
// Names are folded to lower case: Azure treats resource names without regard
// to case, so "Sessions" and "sessions" must be one cache here too, or a
// configuration tried on the simulator would behave differently in the cloud.
func itemName(path, collection string) (string, bool) {
	rest, ok := strings.CutPrefix(path, collection+"/")
	if !ok || rest == "" || strings.Contains(rest, "/") {
		return "", false
	}
	return strings.ToLower(rest), true
}

// ServeHTTP authenticates, routes and turns handler errors into the JSON
// error body of the contract.
func (s *Server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	start := time.Now()
	w := &statusWriter{ResponseWriter: rw, status: http.StatusOK}
	// Only method, path and status: headers and bodies carry secrets.
	defer func() {
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", w.status, "duration", time.Since(start))
	}()
	w.Header().Set("Content-Type", "application/json")
	path := r.URL.Path
	if path == "/v1" || strings.HasPrefix(path, "/v1/") {
		if err := s.authenticate(w, r); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	handlers, name := s.routeFor(path)
	if handlers == nil {
		s.writeError(w, r, newAPIError(http.StatusNotFound, simapi.CodeNotFound, "no such path %s", path))
		return
	}
	h, ok := handlers[r.Method]
	if !ok {
		allow := make([]string, 0, len(handlers))
		for m := range handlers {
			allow = append(allow, m)
		}
		sort.Strings(allow)
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.writeError(w, r, newAPIError(http.StatusMethodNotAllowed, simapi.CodeMethodNotAllowed,
			"%s is not allowed on %s; allowed: %s", r.Method, path, strings.Join(allow, ", ")))
		return
	}
	if err := h(w, r, name); err != nil {
		s.writeError(w, r, err)
	}
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) error {
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || got == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+simapi.ServiceName+`"`)
		return newAPIError(http.StatusUnauthorized, simapi.CodeUnauthorized,
			"missing bearer token: send Authorization: Bearer TOKEN (the token is in the state dir's %s file)", simapi.TokenFile)
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+simapi.ServiceName+`", error="invalid_token"`)
		return newAPIError(http.StatusUnauthorized, simapi.CodeUnauthorized, "invalid bearer token")
	}
	return nil
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = newAPIError(http.StatusInternalServerError, simapi.CodeInternal, "internal error: %v", err)
	}
	writeJSON(w, ae.status, simapi.ErrorBody{Error: simapi.ErrorDetail{Code: ae.code, Message: ae.msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The status is already sent; a failed write means the client left.
	_ = json.NewEncoder(w).Encode(v)
}

// decodeBody reads a JSON object strictly: unknown fields and trailing data
// are errors so a client's typo is reported instead of silently ignored.
// An empty body is accepted only when optional.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, optional bool) error {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return invalidRequest("request body is larger than %d bytes", maxBody)
		}
		return invalidRequest("read request body: %v", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if optional {
			return nil
		}
		return newAPIError(http.StatusBadRequest, simapi.CodeInvalidJSON, "request body is empty; expected a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return newAPIError(http.StatusBadRequest, simapi.CodeInvalidJSON, "%v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return newAPIError(http.StatusBadRequest, simapi.CodeInvalidJSON, "unexpected data after the JSON object")
	}
	return nil
}
