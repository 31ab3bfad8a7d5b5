package armfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
)

// clusterNameRE is the spec's ClusterNameParameter pattern.
var clusterNameRE = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)

type clusterBody struct {
	Location   string                 `json:"location"`
	Tags       map[string]string      `json:"tags"`
	SKU        *struct{ Name string } `json:"sku"`
	Properties *struct {
		MinimumTLSVersion   string `json:"minimumTlsVersion"`
		PublicNetworkAccess string `json:"publicNetworkAccess"`
	} `json:"properties"`
}

func notFound(w http.ResponseWriter, rg, resource string) {
	writeError(w, http.StatusNotFound, "ResourceNotFound",
		"The Resource 'Microsoft.Cache/redisEnterprise/%s' under resource group '%s' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix", resource, rg)
}

func (s *Server) clusterHandler(w http.ResponseWriter, r *http.Request, sub, rg, name, id string) {
	now := time.Now()
	c := s.clusters[key(id)]
	switch r.Method {
	case http.MethodGet:
		if c == nil {
			notFound(w, rg, name)
			return
		}
		writeJSON(w, http.StatusOK, c.render(now))
	case http.MethodPut:
		s.putCluster(w, r, sub, rg, name, id, c, now)
	case http.MethodPatch:
		if c == nil {
			notFound(w, rg, name)
			return
		}
		var body struct {
			Tags map[string]string `json:"tags"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeError(w, http.StatusBadRequest, "InvalidRequestContent", "The request content was invalid: %v", err)
			return
		}
		if body.Tags != nil {
			c.tags = body.Tags
		}
		op := s.newOperation(c.location, now)
		c.updatingUntil = op.doneAt
		s.accepted(w, r, sub, op, http.StatusAccepted, nil)
	case http.MethodDelete:
		if c == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		op := s.newOperation(c.location, now)
		if c.deleteAt.IsZero() {
			c.deleteAt = op.doneAt
		}
		s.accepted(w, r, sub, op, http.StatusAccepted, nil)
	default:
		writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "%s is not supported on a cluster.", r.Method)
	}
}

func (s *Server) putCluster(w http.ResponseWriter, r *http.Request, sub, rg, name, id string, c *cluster, now time.Time) {
	var body clusterBody
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequestContent", "The request content was invalid: %v", err)
		return
	}
	if len(name) > 60 || !clusterNameRE.MatchString(name) {
		writeError(w, http.StatusBadRequest, "InvalidResourceName", "The resource name '%s' is invalid.", name)
		return
	}
	if body.SKU == nil {
		writeError(w, http.StatusBadRequest, "InvalidParameter", "The property 'sku' is required.")
		return
	}
	if _, ok := catalog.LookupSKU(body.SKU.Name); !ok {
		writeError(w, http.StatusBadRequest, "InvalidSkuName", "The SKU '%s' is not supported.", body.SKU.Name)
		return
	}
	loc := strings.ToLower(strings.ReplaceAll(body.Location, " ", ""))
	if _, ok := catalog.LookupRegion(loc); !ok {
		writeError(w, http.StatusBadRequest, "LocationNotAvailableForResourceType",
			"The provided location '%s' is not available for resource type 'Microsoft.Cache/redisEnterprise'.", body.Location)
		return
	}
	if body.Properties == nil || body.Properties.PublicNetworkAccess == "" {
		writeError(w, http.StatusBadRequest, "InvalidParameter", "The property 'properties.publicNetworkAccess' is required.")
		return
	}
	if c != nil {
		if !c.deleteAt.IsZero() {
			writeError(w, http.StatusConflict, "Conflict", "The cluster '%s' is being deleted.", name)
			return
		}
		c.tags = body.Tags
		op := s.newOperation(c.location, now)
		c.updatingUntil = op.doneAt
		s.accepted(w, r, sub, op, http.StatusOK, c.render(now))
		return
	}
	op := s.newOperation(loc, now)
	c = &cluster{
		id: id, name: name, location: loc, sku: body.SKU.Name, tags: body.Tags,
		provisionedAt: op.doneAt,
		runningAt:     latest(op.doneAt, now.Add(s.opts.ProvisionDelay)),
		failed:        op.failure != nil,
	}
	s.clusters[key(id)] = c
	s.accepted(w, r, sub, op, http.StatusCreated, c.render(now))
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// listClusters pages through the resource group's clusters by name,
// continuing from $skipToken.
func (s *Server) listClusters(w http.ResponseWriter, r *http.Request, sub, rg string) {
	now := time.Now()
	prefix := key(clusterID(sub, rg, ""))
	var all []*cluster
	for k, c := range s.clusters {
		if strings.HasPrefix(k, prefix) {
			all = append(all, c)
		}
	}
	sort.Slice(all, func(i, j int) bool { return key(all[i].name) < key(all[j].name) })
	start, err := strconv.Atoi(r.URL.Query().Get("$skipToken"))
	if r.URL.Query().Get("$skipToken") == "" {
		start, err = 0, nil
	}
	if err != nil || start < 0 || start > len(all) {
		writeError(w, http.StatusBadRequest, "InvalidSkipToken", "The skip token is invalid.")
		return
	}
	end := min(start+s.opts.PageSize, len(all))
	page := make([]map[string]any, 0, end-start)
	for _, c := range all[start:end] {
		page = append(page, c.render(now))
	}
	body := map[string]any{"value": page}
	if end < len(all) {
		q := url.Values{"api-version": {APIVersion}, "$skipToken": {strconv.Itoa(end)}}
		body["nextLink"] = "http://" + r.Host + r.URL.Path + "?" + q.Encode()
	}
	writeJSON(w, http.StatusOK, body)
}
