package armfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

const rgPath = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Cache/redisEnterprise"

func do(t *testing.T, s *Server, method, path, token, body string) (*http.Response, map[string]any) {
	t.Helper()
	u := path
	if !strings.HasPrefix(u, "http") {
		u = s.URL() + path
		if !strings.Contains(u, "api-version") {
			u += "?api-version=" + APIVersion
		}
	}
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp, out
}

func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func TestAuthAndAPIVersion(t *testing.T) {
	s := New(Options{ResourceGroups: []string{"rg"}})
	defer s.Close()
	if resp, body := do(t, s, "GET", rgPath+"/c", "", ""); resp.StatusCode != 401 || errCode(body) != "AuthenticationFailed" {
		t.Errorf("no token: %d %v", resp.StatusCode, body)
	}
	if resp, body := do(t, s, "GET", rgPath+"/c?api-version=2022-01-01", "armfake-token", ""); resp.StatusCode != 400 || errCode(body) != "InvalidApiVersionParameter" {
		t.Errorf("old api-version: %d %v", resp.StatusCode, body)
	}
	if resp, body := do(t, s, "GET", rgPath+"/c", "armfake-token", ""); resp.StatusCode != 404 || errCode(body) != "ResourceNotFound" {
		t.Errorf("missing cluster: %d %v", resp.StatusCode, body)
	}
	if resp, body := do(t, s, "GET", rgPath+"/c/databases/default", "armfake-token", ""); resp.StatusCode != 404 || errCode(body) != "ParentResourceNotFound" {
		t.Errorf("database of missing cluster: %d %v", resp.StatusCode, body)
	}
}

func putCluster(t *testing.T, s *Server, name string) {
	t.Helper()
	resp, body := do(t, s, "PUT", rgPath+"/"+name, "armfake-token",
		`{"location":"East US","sku":{"name":"Balanced_B5"},"properties":{"publicNetworkAccess":"Enabled"}}`)
	if resp.StatusCode != 201 || resp.Header.Get("Azure-AsyncOperation") == "" {
		t.Fatalf("PUT cluster %s: %d %v", name, resp.StatusCode, body)
	}
}

func TestListPagesWithNextLink(t *testing.T) {
	s := New(Options{PageSize: 2, ResourceGroups: []string{"rg"}})
	defer s.Close()
	for i := range 5 {
		putCluster(t, s, fmt.Sprintf("c%d", i))
	}
	var names []string
	next := rgPath
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		_, body := do(t, s, "GET", next, "armfake-token", "")
		for _, v := range body["value"].([]any) {
			names = append(names, v.(map[string]any)["name"].(string))
		}
		next, _ = body["nextLink"].(string)
	}
	if strings.Join(names, ",") != "c0,c1,c2,c3,c4" {
		t.Errorf("listed %v", names)
	}
}

func TestOperationAndResourceStates(t *testing.T) {
	s := New(Options{OperationDelay: 30 * time.Millisecond, ProvisionDelay: 400 * time.Millisecond, ResourceGroups: []string{"rg"}})
	defer s.Close()
	resp, _ := do(t, s, "PUT", rgPath+"/c", "armfake-token",
		`{"location":"eastus","sku":{"name":"Balanced_B5"},"properties":{"publicNetworkAccess":"Enabled"}}`)
	opURL := resp.Header.Get("Azure-AsyncOperation")
	_, op := do(t, s, "GET", opURL, "armfake-token", "")
	if op["status"] != "InProgress" {
		t.Errorf("op right away: %v", op)
	}
	time.Sleep(40 * time.Millisecond)
	_, op = do(t, s, "GET", opURL, "armfake-token", "")
	_, cl := do(t, s, "GET", rgPath+"/c", "armfake-token", "")
	props := cl["properties"].(map[string]any)
	if op["status"] != "Succeeded" || props["provisioningState"] != "Succeeded" || props["resourceState"] != "Creating" {
		t.Errorf("after the operation: op %v, cluster %v", op["status"], props)
	}
	// A database before the cluster runs is refused, as ARM does.
	if resp, body := do(t, s, "PUT", rgPath+"/c/databases/default", "armfake-token", `{"properties":{}}`); resp.StatusCode != 409 {
		t.Errorf("database on a creating cluster: %d %v", resp.StatusCode, body)
	}
	time.Sleep(400 * time.Millisecond)
	_, cl = do(t, s, "GET", rgPath+"/c", "armfake-token", "")
	if rs := cl["properties"].(map[string]any)["resourceState"]; rs != "Running" {
		t.Errorf("resourceState later = %v", rs)
	}
}

func TestJoinRules(t *testing.T) {
	s := New(Options{LinkDelay: 50 * time.Millisecond, ResourceGroups: []string{"rg"}})
	defer s.Close()
	for _, n := range []string{"a", "b", "c"} {
		putCluster(t, s, n)
	}
	db := func(n string) string { return rgPath + "/" + n + "/databases/default" }
	geo := func(n string, links ...string) string {
		var ls []string
		for _, l := range append([]string{n}, links...) {
			ls = append(ls, fmt.Sprintf(`{"id":%q}`, db(l)))
		}
		return fmt.Sprintf(`{"properties":{"geoReplication":{"groupNickname":"g","linkedDatabases":[%s]}}}`, strings.Join(ls, ","))
	}
	if resp, body := do(t, s, "PUT", db("a"), "armfake-token", geo("a", "b")); resp.StatusCode != 400 || errCode(body) != "LinkedDatabaseNotFound" {
		t.Errorf("link to a stranger: %d %v", resp.StatusCode, body)
	}
	if resp, _ := do(t, s, "PUT", db("a"), "armfake-token", geo("a")); resp.StatusCode != 201 {
		t.Fatalf("first member: %d", resp.StatusCode)
	}
	time.Sleep(60 * time.Millisecond) // a's own link settles
	if resp, body := do(t, s, "PUT", db("b"), "armfake-token", geo("b")); resp.StatusCode != 400 {
		t.Errorf("join omitting a member: %d %v", resp.StatusCode, body)
	}
	if resp, _ := do(t, s, "PUT", db("b"), "armfake-token", geo("b", "a")); resp.StatusCode != 201 {
		t.Fatalf("second member: %d", resp.StatusCode)
	}
	// b is still Linking: a third join must wait.
	if resp, body := do(t, s, "PUT", db("c"), "armfake-token", geo("c", "a", "b")); resp.StatusCode != 409 || errCode(body) != "Conflict" {
		t.Errorf("join during a join: %d %v", resp.StatusCode, body)
	}
	_, a := do(t, s, "GET", db("a"), "armfake-token", "")
	links := a["properties"].(map[string]any)["geoReplication"].(map[string]any)["linkedDatabases"].([]any)
	if len(links) != 2 || links[1].(map[string]any)["state"] != "Linking" || !strings.HasSuffix(links[1].(map[string]any)["id"].(string), "/b/databases/default") {
		t.Errorf("a's links = %v", links)
	}
}

func TestThrottleAnswers429WithRetryAfter(t *testing.T) {
	s := New(Options{ThrottleFirst: 1, RetryAfterSeconds: 7, ResourceGroups: []string{"rg"}})
	defer s.Close()
	resp, body := do(t, s, "GET", rgPath, "armfake-token", "")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" || errCode(body) != "TooManyRequests" {
		t.Errorf("first request: %d %q %v", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if resp, _ := do(t, s, "GET", rgPath, "armfake-token", ""); resp.StatusCode != 200 {
		t.Errorf("second request: %d", resp.StatusCode)
	}
}

func TestUnknownResourceGroup(t *testing.T) {
	s := New(Options{ResourceGroups: []string{"rg"}})
	defer s.Close()
	other := "/subscriptions/sub/resourceGroups/elsewhere/providers/Microsoft.Cache/redisEnterprise"
	for _, tc := range []struct{ method, path, body string }{
		{"GET", other, ""},
		{"PUT", other + "/c", `{"location":"eastus","sku":{"name":"Balanced_B5"},"properties":{"publicNetworkAccess":"Enabled"}}`},
		{"GET", other + "/c", ""},
	} {
		if resp, body := do(t, s, tc.method, tc.path, "armfake-token", tc.body); resp.StatusCode != 404 || errCode(body) != "ResourceGroupNotFound" {
			t.Errorf("%s %s: %d %v", tc.method, tc.path, resp.StatusCode, body)
		}
	}
	// Resource group names are case-insensitive.
	if resp, body := do(t, s, "GET", strings.Replace(rgPath, "/rg/", "/RG/", 1), "armfake-token", ""); resp.StatusCode != 200 {
		t.Errorf("list in RG: %d %v", resp.StatusCode, body)
	}
}

func TestPeerLinksSettleLaterAndAsyncConflicts(t *testing.T) {
	s := New(Options{LinkDelay: 20 * time.Millisecond, PeerLinkDelay: time.Second,
		AsyncJoinConflicts: true, ResourceGroups: []string{"rg"}})
	defer s.Close()
	for _, n := range []string{"a", "b", "c"} {
		putCluster(t, s, n)
	}
	db := func(n string) string { return rgPath + "/" + n + "/databases/default" }
	geo := func(ns ...string) string {
		var ls []string
		for _, n := range ns {
			ls = append(ls, fmt.Sprintf(`{"id":%q}`, db(n)))
		}
		return fmt.Sprintf(`{"properties":{"geoReplication":{"groupNickname":"g","linkedDatabases":[%s]}}}`, strings.Join(ls, ","))
	}
	linkStates := func(n string) map[string]any {
		_, body := do(t, s, "GET", db(n), "armfake-token", "")
		out := map[string]any{}
		for _, l := range body["properties"].(map[string]any)["geoReplication"].(map[string]any)["linkedDatabases"].([]any) {
			l := l.(map[string]any)
			out[l["id"].(string)] = l["state"]
		}
		return out
	}
	if resp, _ := do(t, s, "PUT", db("a"), "armfake-token", geo("a")); resp.StatusCode != 201 {
		t.Fatalf("first member: %d", resp.StatusCode)
	}
	time.Sleep(30 * time.Millisecond)
	if resp, _ := do(t, s, "PUT", db("b"), "armfake-token", geo("b", "a")); resp.StatusCode != 201 {
		t.Fatalf("second member: %d", resp.StatusCode)
	}
	time.Sleep(50 * time.Millisecond)
	if st := linkStates("b")[db("a")]; st != "Linked" {
		t.Errorf("b's link to a = %v, want Linked", st)
	}
	if st := linkStates("a")[db("b")]; st != "Linking" {
		t.Errorf("a's link to b = %v, want still Linking", st)
	}
	// A join meanwhile is accepted, and its operation fails with Conflict.
	resp, _ := do(t, s, "PUT", db("c"), "armfake-token", geo("c", "a", "b"))
	if resp.StatusCode != 201 {
		t.Fatalf("colliding join: %d, want 201", resp.StatusCode)
	}
	time.Sleep(10 * time.Millisecond)
	_, op := do(t, s, "GET", resp.Header.Get("Azure-AsyncOperation"), "armfake-token", "")
	if op["status"] != "Failed" || errCode(op) != "Conflict" {
		t.Errorf("colliding join's operation = %v", op)
	}
	if resp, _ := do(t, s, "GET", db("c"), "armfake-token", ""); resp.StatusCode != 404 {
		t.Errorf("database of the failed join: %d, want 404", resp.StatusCode)
	}
}
