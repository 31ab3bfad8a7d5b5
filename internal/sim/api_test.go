package sim

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

func TestHealthNeedsNoToken(t *testing.T) {
	ts := startServer(t, Config{})
	r := ts.raw(http.MethodGet, simapi.PathHealth, "", nil)
	ts.expect(r, http.StatusOK, "")
	var h simapi.Health
	r.decode(t, &h)
	if h.Service != simapi.ServiceName {
		t.Fatalf("service %q", h.Service)
	}
}

func TestAuthFailures(t *testing.T) {
	ts := startServer(t, Config{Token: "s3cret"})
	for _, tc := range []struct{ name, header string }{
		{"missing", ""},
		{"wrong token", "Bearer nope"},
		{"wrong scheme", "Basic s3cret"},
		{"empty bearer", "Bearer "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, ts.Endpoint()+simapi.PathCaches, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
			}
		})
	}
	// Unknown paths under /v1 are not revealed without a token either.
	ts.expect(ts.raw(http.MethodGet, "/v1/nothing", "", nil), http.StatusUnauthorized, simapi.CodeUnauthorized)
	ts.expect(ts.raw(http.MethodGet, simapi.PathCaches, "s3cret", nil), http.StatusOK, "")
}

func TestRoutingErrors(t *testing.T) {
	ts := startServer(t, Config{})
	ts.expect(ts.do(http.MethodGet, "/v1/nothing", nil), http.StatusNotFound, simapi.CodeNotFound)
	ts.expect(ts.do(http.MethodGet, simapi.PathCaches+"/a/b", nil), http.StatusNotFound, simapi.CodeNotFound)
	ts.expect(ts.raw(http.MethodGet, "/", "", nil), http.StatusNotFound, simapi.CodeNotFound)

	r := ts.do(http.MethodPost, simapi.PathCaches+"/a", nil)
	ts.expect(r, http.StatusMethodNotAllowed, simapi.CodeMethodNotAllowed)
	if got := r.header.Get("Allow"); got != "DELETE, GET, PATCH, PUT" {
		t.Fatalf("Allow %q", got)
	}
	r = ts.do(http.MethodDelete, simapi.PathRegions, nil)
	ts.expect(r, http.StatusMethodNotAllowed, simapi.CodeMethodNotAllowed)
	if got := r.header.Get("Allow"); got != "GET" {
		t.Fatalf("Allow %q", got)
	}
}

func TestMalformedBodies(t *testing.T) {
	ts := startServer(t, Config{})
	path := simapi.PathCaches + "/a"
	for _, tc := range []struct {
		name, body, code, msg string
	}{
		{"malformed", `{"region":`, simapi.CodeInvalidJSON, "unexpected EOF"},
		{"wrong type", `{"region":1}`, simapi.CodeInvalidJSON, "cannot unmarshal number"},
		{"unknown field", `{"region":"eastus","sku":"Balanced_B3","colour":"red"}`, simapi.CodeInvalidJSON, `unknown field "colour"`},
		{"trailing data", `{"region":"eastus","sku":"Balanced_B3"} {}`, simapi.CodeInvalidJSON, "after the JSON object"},
		{"empty", ``, simapi.CodeInvalidJSON, "empty"},
		{"too large", `{"tags":{"k":"` + strings.Repeat("x", maxBody) + `"}}`, simapi.CodeInvalidRequest, "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.raw(http.MethodPut, path, ts.Token(), strings.NewReader(tc.body))
			ts.expect(r, http.StatusBadRequest, tc.code)
			if msg := r.errorBody(t).Message; !strings.Contains(msg, tc.msg) {
				t.Fatalf("message %q lacks %q", msg, tc.msg)
			}
		})
	}
	ts.expect(ts.raw(http.MethodPut, simapi.PathGroups+"/g", ts.Token(), strings.NewReader(`{"x":1}`)), http.StatusBadRequest, simapi.CodeInvalidJSON)
	ts.expect(ts.raw(http.MethodPatch, path, ts.Token(), strings.NewReader(`{"sku":"x"}`)), http.StatusBadRequest, simapi.CodeInvalidJSON)
}

func TestCacheValidation(t *testing.T) {
	ts := startServer(t, Config{})
	ts.createGroup("g")
	ts.createCache("m1", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "g"})
	for _, tc := range []struct {
		name   string
		cache  string
		req    simapi.CacheCreate
		status int
		code   string
		msg    string
	}{
		{"bad name", "-bad", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3"}, 400, simapi.CodeInvalidRequest, catalog.NameRule},
		{"double hyphen", "a--b", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3"}, 400, simapi.CodeInvalidRequest, "invalid name"},
		{"unknown region", "c", simapi.CacheCreate{Region: "mars", SKU: "Balanced_B3"}, 400, simapi.CodeInvalidRequest, "GET /v1/regions"},
		{"unknown sku", "c", simapi.CacheCreate{Region: "eastus", SKU: "Huge"}, 400, simapi.CodeInvalidRequest, `unknown sku "Huge"`},
		{"unknown policy", "c", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", EvictionPolicy: "Random"}, 400, simapi.CodeInvalidRequest, "AllKeysLFU"},
		{"missing group", "c", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "nope"}, 400, simapi.CodeInvalidRequest, `replication group "nope" does not exist`},
		{"small sku in group", "c", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B1", ReplicationGroup: "g"}, 400, simapi.CodeInvalidRequest, "cannot join"},
		{"sku mismatch", "c", simapi.CacheCreate{Region: "westus", SKU: "Balanced_B5", ReplicationGroup: "g"}, 409, simapi.CodeGroupMismatch, "sku Balanced_B3 and eviction policy VolatileLRU (members: m1)"},
		{"policy mismatch", "c", simapi.CacheCreate{Region: "westus", SKU: "Balanced_B3", EvictionPolicy: "NoEviction", ReplicationGroup: "g"}, 409, simapi.CodeGroupMismatch, "every member must share"},
		{"name taken", "m1", simapi.CacheCreate{Region: "westus", SKU: "Balanced_B3"}, 409, simapi.CodeAlreadyExists, `cache "m1" already exists`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.do(http.MethodPut, simapi.PathCaches+"/"+tc.cache, tc.req)
			ts.expect(r, tc.status, tc.code)
			if msg := r.errorBody(t).Message; !strings.Contains(msg, tc.msg) {
				t.Fatalf("message %q lacks %q", msg, tc.msg)
			}
		})
	}
	// Nothing refused above left a cache behind.
	var list simapi.CacheList
	r := ts.do(http.MethodGet, simapi.PathCaches, nil)
	ts.expect(r, http.StatusOK, "")
	r.decode(t, &list)
	if len(list.Caches) != 1 {
		t.Fatalf("caches after refusals: %+v", list.Caches)
	}
}

func TestStandaloneCacheLifecycle(t *testing.T) {
	ts := startServer(t, Config{})
	c := ts.createCache("solo", simapi.CacheCreate{Region: "westeurope", SKU: "MemoryOptimized_M10", Tags: map[string]string{"env": "dev"}})
	if c.ProvisioningState != "Creating" || c.EvictionPolicy != catalog.DefaultEvictionPolicy || c.MemoryMB != 12*1024 {
		t.Fatalf("created: %+v", c)
	}
	for _, k := range []string{c.PrimaryAccessKey, c.SecondaryAccessKey} {
		raw, err := base64.StdEncoding.DecodeString(k)
		if err != nil || len(raw) != 32 {
			t.Fatalf("access key is not 32 bytes of base64: %v", err)
		}
	}
	if c.PrimaryAccessKey == c.SecondaryAccessKey {
		t.Fatal("both access keys are equal")
	}
	c = ts.waitReady("solo")
	ping(t, c, c.PrimaryAccessKey)
	ping(t, c, c.SecondaryAccessKey)

	policy, tags := "AllKeysLRU", map[string]string{"team": "x"}
	r := ts.do(http.MethodPatch, simapi.PathCaches+"/solo", simapi.CacheUpdate{EvictionPolicy: &policy, Tags: &tags})
	ts.expect(r, http.StatusOK, "")
	c = simapi.Cache{}
	r.decode(t, &c)
	if c.EvictionPolicy != policy || len(c.Tags) != 1 || c.Tags["team"] != "x" {
		t.Fatalf("patched: %+v", c)
	}
	bad := "Sometimes"
	ts.expect(ts.do(http.MethodPatch, simapi.PathCaches+"/solo", simapi.CacheUpdate{EvictionPolicy: &bad}), http.StatusBadRequest, simapi.CodeInvalidRequest)
	ts.expect(ts.do(http.MethodPatch, simapi.PathCaches+"/none", simapi.CacheUpdate{Tags: &tags}), http.StatusNotFound, simapi.CodeNotFound)

	r = ts.do(http.MethodDelete, simapi.PathCaches+"/solo", nil)
	ts.expect(r, http.StatusAccepted, "")
	r.decode(t, &c)
	if c.ProvisioningState != "Deleting" {
		t.Fatalf("delete answered %+v", c)
	}
	ts.waitGone("solo")
	ts.expect(ts.do(http.MethodDelete, simapi.PathCaches+"/solo", nil), http.StatusNotFound, simapi.CodeNotFound)
}

func TestDeleteWhileCreatingCompletesAfterCreate(t *testing.T) {
	ts := startServer(t, Config{ProvisioningDelay: 300 * time.Millisecond})
	c := ts.createCache("slow", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B0"})
	start := time.Now()
	r := ts.do(http.MethodDelete, simapi.PathCaches+"/slow", nil)
	ts.expect(r, http.StatusAccepted, "")
	// A second DELETE is accepted too and does not start a second leave.
	ts.expect(ts.do(http.MethodDelete, simapi.PathCaches+"/slow", nil), http.StatusAccepted, "")
	ts.waitGone("slow")
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Fatalf("deleted after %v, before provisioning could finish", waited)
	}
	if ln, err := listenData(c.Port); err != nil {
		t.Fatalf("data port %d still held after delete: %v", c.Port, err)
	} else {
		ln.Close()
	}
}

func TestCatalogueAndStatus(t *testing.T) {
	ts := startServer(t, Config{})
	var regions simapi.RegionList
	r := ts.do(http.MethodGet, simapi.PathRegions, nil)
	ts.expect(r, http.StatusOK, "")
	r.decode(t, &regions)
	if len(regions.Regions) != len(catalog.Regions()) || regions.Regions[0].Name != catalog.RegionNames()[0] {
		t.Fatalf("regions: %+v", regions)
	}
	var skus simapi.SKUList
	r = ts.do(http.MethodGet, simapi.PathSKUs, nil)
	ts.expect(r, http.StatusOK, "")
	r.decode(t, &skus)
	if len(skus.SKUs) != len(catalog.SKUs()) || skus.SKUs[0].GeoReplication {
		t.Fatalf("skus: %+v", skus)
	}
	ts.createGroup("g")
	ts.createCache("a", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3"})
	var st simapi.Status
	r = ts.do(http.MethodGet, simapi.PathStatus, nil)
	ts.expect(r, http.StatusOK, "")
	r.decode(t, &st)
	if st.Caches != 1 || st.Groups != 1 || st.Latency != LatencyOff || st.StateDir != ts.dir || st.Partitions == nil {
		t.Fatalf("status: %+v", st)
	}
	if bytes.Contains(r.body, []byte(ts.Token())) {
		t.Fatal("status shows the token")
	}
}

// Names are one regardless of letter case, as in Azure: a second cache whose
// name differs only in case is refused, and any casing finds the first.
func TestNamesIgnoreCase(t *testing.T) {
	ts := startServer(t, Config{})
	ts.expect(ts.do(http.MethodPut, simapi.PathGroups+"/Orders", simapi.GroupCreate{}), http.StatusCreated, "")
	ts.expect(ts.do(http.MethodPut, simapi.PathGroups+"/ORDERS", simapi.GroupCreate{}), http.StatusConflict, simapi.CodeAlreadyExists)
	c := ts.createCache("Orders-EastUS", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "ORDERS"})
	if c.Name != "orders-eastus" || c.ReplicationGroup != "orders" {
		t.Fatalf("created %q in %q, want the names in lower case", c.Name, c.ReplicationGroup)
	}
	ts.expect(ts.do(http.MethodPut, simapi.PathCaches+"/ORDERS-EASTUS", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3"}),
		http.StatusConflict, simapi.CodeAlreadyExists)
	ts.waitReady("orders-eastus")
	if got, status := ts.getCache("Orders-Eastus"); status != http.StatusOK || got.ID != "orders-eastus" {
		t.Fatalf("GET in other casing: status %d, %+v", status, got)
	}
	if g := ts.getGroup("oRdErS"); len(g.Members) != 1 || g.Members[0].ID != "orders-eastus" {
		t.Fatalf("group members: %+v", g.Members)
	}
}
