package armfake

import (
	"net/http"
	"net/url"
	"time"
)

func (c *cluster) provisioningState(now time.Time) string {
	switch {
	case !c.deleteAt.IsZero():
		return "Deleting"
	case now.Before(c.provisionedAt):
		return "Creating"
	case c.failed:
		return "Failed"
	case now.Before(c.updatingUntil):
		return "Updating"
	}
	return "Succeeded"
}

func (c *cluster) resourceState(now time.Time) string {
	switch {
	case !c.deleteAt.IsZero():
		return "Deleting"
	case c.failed && !now.Before(c.provisionedAt):
		return "CreateFailed"
	case now.Before(c.runningAt):
		return "Creating"
	case now.Before(c.updatingUntil):
		return "Updating"
	}
	return "Running"
}

func (c *cluster) render(now time.Time) map[string]any {
	tags := c.tags
	if tags == nil {
		tags = map[string]string{}
	}
	return map[string]any{
		"id":       c.id,
		"name":     c.name,
		"type":     "Microsoft.Cache/redisEnterprise",
		"location": c.location,
		"tags":     tags,
		"sku":      map[string]string{"name": c.sku},
		"properties": map[string]any{
			"hostName":            c.name + "." + c.location + ".redis.azure.net",
			"provisioningState":   c.provisioningState(now),
			"resourceState":       c.resourceState(now),
			"minimumTlsVersion":   "1.2",
			"publicNetworkAccess": "Enabled",
			"redisVersion":        "7.4",
		},
	}
}

func (d *database) provisioningState(now time.Time) string {
	switch {
	case now.Before(d.provisionedAt):
		return "Creating"
	case now.Before(d.updatingUntil):
		return "Updating"
	}
	return "Succeeded"
}

func (d *database) resourceState(now time.Time) string {
	switch {
	case now.Before(d.runningAt):
		return "Creating"
	case now.Before(d.updatingUntil):
		return "Updating"
	}
	return "Running"
}

func (d *database) render(now time.Time) map[string]any {
	props := map[string]any{
		"clientProtocol":           d.clientProtocol,
		"port":                     d.port,
		"clusteringPolicy":         d.clustering,
		"evictionPolicy":           d.eviction,
		"accessKeysAuthentication": d.accessKeysAuth,
		"provisioningState":        d.provisioningState(now),
		"resourceState":            d.resourceState(now),
		"redisVersion":             "7.4",
	}
	if d.nickname != "" {
		links := make([]map[string]string, 0, len(d.links))
		for _, l := range d.links {
			links = append(links, map[string]string{"id": l.id, "state": l.state(now)})
		}
		props["geoReplication"] = map[string]any{"groupNickname": d.nickname, "linkedDatabases": links}
	}
	return map[string]any{
		"id":         d.id,
		"name":       "default",
		"type":       "Microsoft.Cache/redisEnterprise/databases",
		"properties": props,
	}
}

// accepted answers a started long-running operation the way ARM does: the
// status code, Azure-AsyncOperation and Location headers, optional body.
func (s *Server) accepted(w http.ResponseWriter, r *http.Request, sub string, op *operation, status int, body any) {
	base := "http://" + r.Host + "/subscriptions/" + url.PathEscape(sub) +
		"/providers/Microsoft.Cache/locations/" + url.PathEscape(op.location)
	q := "?api-version=" + APIVersion
	w.Header().Set("Azure-AsyncOperation", base+"/operationsStatus/"+op.id+q)
	w.Header().Set("Location", base+"/operationResults/"+op.id+q)
	writeJSON(w, status, body)
}

func (s *Server) getOperationStatus(w http.ResponseWriter, _ *http.Request, id string) {
	op := s.ops[id]
	if op == nil {
		writeError(w, http.StatusNotFound, "ResourceNotFound", "The operation '%s' was not found.", id)
		return
	}
	now := time.Now()
	body := map[string]any{"id": id, "name": id, "startTime": op.started.UTC().Format(time.RFC3339Nano)}
	switch {
	case now.Before(op.doneAt):
		body["status"] = "InProgress"
	case op.failure != nil:
		body["status"] = "Failed"
		body["endTime"] = op.doneAt.UTC().Format(time.RFC3339Nano)
		body["error"] = op.failure
	default:
		body["status"] = "Succeeded"
		body["endTime"] = op.doneAt.UTC().Format(time.RFC3339Nano)
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) getOperationResult(w http.ResponseWriter, r *http.Request, id string) {
	op := s.ops[id]
	switch {
	case op == nil:
		writeError(w, http.StatusNotFound, "ResourceNotFound", "The operation '%s' was not found.", id)
	case time.Now().Before(op.doneAt):
		w.Header().Set("Location", "http://"+r.Host+r.URL.RequestURI())
		w.WriteHeader(http.StatusAccepted)
	case op.failure != nil:
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": op.failure})
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}
