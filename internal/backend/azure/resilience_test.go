package azure

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/azure/armfake"
)

func TestThrottledRequestsSucceed(t *testing.T) {
	opts := fastOptions()
	opts.ThrottleFirst = 2 // two 429s with Retry-After: 1, within azcore's three retries
	srv := newFake(t, opts)
	c := newTestClient(t, srv)
	start := time.Now()
	g, err := c.GetReplicationGroup(testCtx(t), "busy")
	if err != nil {
		t.Fatalf("GetReplicationGroup under throttling: %v", err)
	}
	if len(g.Members) != 0 {
		t.Errorf("members = %v", g.Members)
	}
	if waited := time.Since(start); waited < 2*time.Second {
		t.Errorf("retried after %v; Retry-After of 1s twice was not honoured", waited)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 || reqs[0].Status != http.StatusTooManyRequests || reqs[2].Status != http.StatusOK {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestCancellationStopsWaitsPromptly(t *testing.T) {
	opts := fastOptions()
	opts.OperationDelay = time.Hour // the cluster never finishes
	srv := newFake(t, opts)
	c := newTestClient(t, srv)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.CreateCache(ctx, spec("stuck", "eastus", ""))
		done <- err
	}()
	time.Sleep(30 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("CreateCache kept waiting after its context was cancelled")
	}
}

func TestCancellationWhileWaitingForTheGroupLock(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	unlock, err := c.lockGroup(context.Background(), "locked")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.lockGroup(ctx, "LOCKED"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lock of the same group (other case): %v, want deadline exceeded", err)
	}
}

func TestMissingCache(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	ctx := testCtx(t)
	id := clusterRef{testSub, testRG, "ghost"}.ID()
	var nf *backend.NotFoundError
	if _, err := c.GetCache(ctx, id); !errors.As(err, &nf) || nf.ID != id {
		t.Errorf("GetCache: %v", err)
	}
	if err := c.DeleteCache(ctx, id); !errors.As(err, &nf) {
		t.Errorf("DeleteCache: %v", err)
	}
	tags := map[string]string{}
	if _, err := c.UpdateCache(ctx, id, backend.CacheUpdate{Tags: &tags}); !errors.As(err, &nf) {
		t.Errorf("UpdateCache: %v", err)
	}
	if _, err := c.GetCache(ctx, "/subscriptions/x/resourceGroups/y/providers/Microsoft.Web/sites/z"); !errors.Is(err, backend.ErrInvalid) {
		t.Errorf("GetCache of a non-cache ID: %v", err)
	}
}

func TestWrongTokenIsReported(t *testing.T) {
	srv := newFake(t, fastOptions())
	c, err := New(context.Background(), Config{
		SubscriptionID: testSub, ResourceGroupName: testRG, Endpoint: srv.URL(),
		Credential: armfake.StaticCredential("wrong"), PollInterval: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetReplicationGroup(testCtx(t), "g")
	var ae *backend.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized || ae.Code != "AuthenticationFailed" {
		t.Fatalf("err = %v", err)
	}
}

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		status int
		body   string
		kind   error
		code   string
	}{
		{404, `{"error":{"code":"ResourceNotFound","message":"The Resource was not found."}}`, backend.ErrNotFound, "ResourceNotFound"},
		{409, `{"error":{"code":"Conflict","message":"Another operation is in progress."}}`, backend.ErrConflict, "Conflict"},
		{400, `{"error":{"code":"InvalidParameter","message":"bad sku"}}`, backend.ErrInvalid, "InvalidParameter"},
		{404, `{"error":{"code":"ResourceGroupNotFound","message":"Resource group 'rg' could not be found."}}`, nil, "ResourceGroupNotFound"},
		{500, `not json`, nil, ""},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		rec.WriteHeader(tc.status)
		rec.WriteString(tc.body)
		err := armError(rec.Result(), `cache "c1"`)
		var ae *backend.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("%d: %T %v", tc.status, err, err)
		}
		if ae.Kind != tc.kind || ae.Code != tc.code || ae.StatusCode != tc.status {
			t.Errorf("%d: got kind %v code %q status %d", tc.status, ae.Kind, ae.Code, ae.StatusCode)
		}
		if !strings.HasPrefix(ae.Message, `cache "c1": `) {
			t.Errorf("%d: message %q does not name the resource", tc.status, ae.Message)
		}
		if tc.kind != nil && !errors.Is(err, tc.kind) {
			t.Errorf("%d: errors.Is(%v) false", tc.status, tc.kind)
		}
	}
}
