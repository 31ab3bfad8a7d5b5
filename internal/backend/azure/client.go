package azure

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/catalog"
)

// Client is the Azure Managed Redis backend.
type Client struct {
	pl            runtime.Pipeline
	endpoint      string
	subscription  string
	resourceGroup string
	pollInterval  time.Duration

	groupLocksMu sync.Mutex
	groupLocks   map[string]chan struct{}
}

var _ backend.Backend = (*Client)(nil)

const (
	moduleName    = "github.com/geocache/terraform-provider-geocache/internal/backend/azure"
	moduleVersion = "v0.1.0"
)

// New validates cfg and builds the ARM pipeline. It makes no request: a
// wrong credential shows on the first call.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cl, _ := cfg.cloud()
	cred, err := cfg.credential(cl)
	if err != nil {
		return nil, err
	}
	opts := &arm.ClientOptions{}
	opts.Cloud = cl
	opts.Telemetry.ApplicationID = "geocache"
	if cfg.HTTPClient != nil {
		opts.Transport = cfg.HTTPClient
	}
	if cfg.Endpoint != "" {
		u, _ := url.Parse(cfg.Endpoint)
		opts.InsecureAllowCredentialWithHTTP = u.Scheme == "http" // validate allowed it on loopback only
		// A test or proxy endpoint has no provider-registration API to call.
		opts.DisableRPRegistration = true
	}
	ac, err := arm.NewClient(moduleName, moduleVersion, cred, opts)
	if err != nil {
		return nil, err
	}
	poll := cfg.PollInterval
	if poll == 0 {
		poll = defaultPollInterval
	}
	return &Client{
		pl:            ac.Pipeline(),
		endpoint:      strings.TrimRight(ac.Endpoint(), "/"),
		subscription:  cfg.SubscriptionID,
		resourceGroup: cfg.ResourceGroupName,
		pollInterval:  poll,
		groupLocks:    map[string]chan struct{}{},
	}, nil
}

// Regions lists the catalogue's regions; Managed Redis is offered in each.
func (c *Client) Regions(context.Context) ([]backend.Region, error) {
	rs := catalog.Regions()
	out := make([]backend.Region, len(rs))
	for i, r := range rs {
		out[i] = backend.Region{Name: r.Name, DisplayName: r.DisplayName, Latitude: r.Latitude, Longitude: r.Longitude}
	}
	return out, nil
}

// lockGroup serialises joins and leaves of one group within this process.
// Waiting for the lock honours ctx, since a join can hold it for minutes.
func (c *Client) lockGroup(ctx context.Context, nickname string) (unlock func(), err error) {
	key := strings.ToLower(nickname)
	c.groupLocksMu.Lock()
	ch, ok := c.groupLocks[key]
	if !ok {
		ch = make(chan struct{}, 1)
		c.groupLocks[key] = ch
	}
	c.groupLocksMu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, sprintErr("waiting for other changes to replication group %q", nickname, ctx.Err())
	}
}
