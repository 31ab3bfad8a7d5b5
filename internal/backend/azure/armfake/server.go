// Package armfake is an in-memory stand-in for the slice of Azure Resource
// Manager the azure backend uses: Microsoft.Cache/redisEnterprise clusters
// and their default database (API 2025-07-01), with ARM's long-running
// operation protocol, provisioning and link state transitions, paging,
// error shapes, bearer-token checks and optional throttling.
//
// State moves with the wall clock, computed when read, so the fake runs no
// goroutines of its own besides the HTTP server.
package armfake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// APIVersion is the only api-version the fake accepts.
const APIVersion = "2025-07-01"

// Options tune the fake's timing and faults. Zero delays make every
// transition immediate.
type Options struct {
	// Token is the bearer token requests must carry; default "armfake-token".
	Token string
	// OperationDelay is how long an async operation stays InProgress.
	OperationDelay time.Duration
	// ProvisionDelay is how long after a create a cluster or database stays
	// in resourceState Creating. Longer than OperationDelay, it reproduces
	// ARM reporting success before the resource runs.
	ProvisionDelay time.Duration
	// LinkDelay is how long a geo-replication link stays Linking (or
	// Unlinking) before it settles.
	LinkDelay time.Duration
	// PeerLinkDelay is how much longer the existing members' links to a
	// joining database stay Linking than the joining database's own links,
	// as each side of an Azure link settles on its own.
	PeerLinkDelay time.Duration
	// AsyncJoinConflicts makes a join that collides with another link
	// change in its group be accepted and its operation end Failed with
	// code Conflict (creating nothing), instead of an immediate 409.
	AsyncJoinConflicts bool
	// ThrottleFirst answers the first N requests with 429 and Retry-After.
	ThrottleFirst int
	// RetryAfterSeconds is the Retry-After sent when throttling; default 1.
	RetryAfterSeconds int
	// PageSize is how many clusters one list page holds; default 2.
	PageSize int
	// ResourceGroups are the resource groups that exist, in any
	// subscription, compared case-insensitively. Requests for resources in
	// any other resource group answer 404 ResourceGroupNotFound, as ARM does.
	ResourceGroups []string
}

// Server is a running fake ARM endpoint on 127.0.0.1.
type Server struct {
	opts Options
	http *httptest.Server

	mu           sync.Mutex
	clusters     map[string]*cluster // by lower-cased ID
	ops          map[string]*operation
	requests     []Request
	throttleLeft int
	failNext     *armError
	rejectNext   map[string]rejection // by method
	seq          int
}

// New starts a fake on a loopback port. Close it when done.
func New(opts Options) *Server {
	if opts.Token == "" {
		opts.Token = "armfake-token"
	}
	if opts.RetryAfterSeconds <= 0 {
		opts.RetryAfterSeconds = 1
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 2
	}
	s := &Server{
		opts:         opts,
		clusters:     map[string]*cluster{},
		ops:          map[string]*operation{},
		throttleLeft: opts.ThrottleFirst,
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the endpoint to give the client, e.g. http://127.0.0.1:PORT.
func (s *Server) URL() string { return s.http.URL }

// hasResourceGroup reports whether rg is one of Options.ResourceGroups.
func (s *Server) hasResourceGroup(rg string) bool {
	for _, g := range s.opts.ResourceGroups {
		if strings.EqualFold(g, rg) {
			return true
		}
	}
	return false
}

// Close stops the server and waits for in-flight requests.
func (s *Server) Close() { s.http.Close() }

// Credential returns a credential that yields the token the fake expects.
func (s *Server) Credential() azcore.TokenCredential { return StaticCredential(s.opts.Token) }

// Request is one request the fake answered.
type Request struct {
	Method string
	Path   string
	Status int
}

// Requests lists every request received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// statusRecorder remembers the status code written.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// FailNextOperation makes the next long-running operation end Failed with
// this ARM error code and message.
func (s *Server) FailNextOperation(code, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = &armError{Code: code, Message: message}
}

// RejectNext makes the next request with this method answer status with
// this ARM error code and message, as ARM does when it refuses a request
// outright (quota, policy, a conflicting operation).
func (s *Server) RejectNext(method string, status int, code, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rejectNext == nil {
		s.rejectNext = map[string]rejection{}
	}
	s.rejectNext[method] = rejection{status: status, err: armError{Code: code, Message: message}}
}

type rejection struct {
	status int
	err    armError
}

// StaticCredential is a fixed bearer token, for tests.
type StaticCredential string

// GetToken returns the token, valid for an hour.
func (c StaticCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: string(c), ExpiresOn: time.Now().Add(time.Hour)}, nil
}

type armError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

func writeError(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeJSON(w, status, map[string]armError{"error": {Code: code, Message: fmt.Sprintf(format, args...)}})
}

// serve applies ARM's cross-cutting checks, then routes.
func (s *Server) serve(rw http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
	defer func() {
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Status: w.status})
	}()
	if s.throttleLeft > 0 {
		s.throttleLeft--
		w.Header().Set("Retry-After", strconv.Itoa(s.opts.RetryAfterSeconds))
		writeError(w, http.StatusTooManyRequests, "TooManyRequests",
			"The request is being throttled. Retry after %d seconds.", s.opts.RetryAfterSeconds)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.opts.Token {
		writeError(w, http.StatusUnauthorized, "AuthenticationFailed",
			"Authentication failed. The 'Authorization' header is missing or invalid.")
		return
	}
	if v := r.URL.Query().Get("api-version"); v != APIVersion {
		writeError(w, http.StatusBadRequest, "InvalidApiVersionParameter",
			"The api-version '%s' is invalid. The supported versions are '%s'.", v, APIVersion)
		return
	}
	if rej, ok := s.rejectNext[r.Method]; ok {
		delete(s.rejectNext, r.Method)
		writeJSON(w, rej.status, map[string]armError{"error": rej.err})
		return
	}
	s.advance(time.Now())
	s.route(w, r)
}

// route dispatches on the path, whose fixed segments ARM matches in any case.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	is := func(i int, want string) bool { return i < len(seg) && strings.EqualFold(seg[i], want) }
	switch {
	case len(seg) == 8 && is(0, "subscriptions") && is(2, "providers") && is(3, "Microsoft.Cache") &&
		is(4, "locations") && is(6, "operationsStatus"):
		s.getOperationStatus(w, r, seg[7])
	case len(seg) == 8 && is(0, "subscriptions") && is(2, "providers") && is(3, "Microsoft.Cache") &&
		is(4, "locations") && is(6, "operationResults"):
		s.getOperationResult(w, r, seg[7])
	case len(seg) >= 7 && is(0, "subscriptions") && is(2, "resourceGroups") && is(4, "providers") &&
		is(5, "Microsoft.Cache") && is(6, "redisEnterprise"):
		s.routeRedis(w, r, seg)
	default:
		writeError(w, http.StatusNotFound, "InvalidResourceType", "The resource type could not be found for path '%s'.", r.URL.Path)
	}
}

func (s *Server) routeRedis(w http.ResponseWriter, r *http.Request, seg []string) {
	sub, rg := seg[1], seg[3]
	if !s.hasResourceGroup(rg) {
		writeError(w, http.StatusNotFound, "ResourceGroupNotFound", "Resource group '%s' could not be found.", rg)
		return
	}
	if len(seg) == 7 {
		if r.Method != http.MethodGet {
			writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "%s is not supported on this collection.", r.Method)
			return
		}
		s.listClusters(w, r, sub, rg)
		return
	}
	id := clusterID(sub, rg, seg[7])
	switch {
	case len(seg) == 8:
		s.clusterHandler(w, r, sub, rg, seg[7], id)
	case len(seg) >= 10 && strings.EqualFold(seg[8], "databases") && seg[9] != "default":
		writeError(w, http.StatusBadRequest, "InvalidDatabaseName", "Only the database named 'default' is supported, not '%s'.", seg[9])
	case len(seg) == 10 && strings.EqualFold(seg[8], "databases"):
		s.databaseHandler(w, r, id)
	case len(seg) == 11 && strings.EqualFold(seg[8], "databases") && r.Method == http.MethodPost:
		s.databaseAction(w, r, id, seg[10])
	default:
		writeError(w, http.StatusNotFound, "InvalidResourceType", "The resource type could not be found for path '%s'.", r.URL.Path)
	}
}
