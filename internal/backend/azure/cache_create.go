package azure

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
)

// CreateCache creates the cluster, waits until it runs, then creates its
// database, joining the spec's group if any, and waits until it runs and
// every link is Linked. If it fails once ARM has accepted the cluster, the
// returned Cache (with the error) carries the cluster's ID so the caller can
// track or delete what was made; if ARM refused the cluster, it is nil.
func (c *Client) CreateCache(ctx context.Context, spec backend.CacheSpec) (*backend.Cache, error) {
	if err := validateSpec(&spec); err != nil {
		return nil, err
	}
	ref := clusterRef{Subscription: c.subscription, ResourceGroup: c.resourceGroup, Name: spec.Name}
	subject := sprintf("cache %q", spec.Name)
	existing, err := c.getCluster(ctx, ref)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return nil, conflictf("cache %q already exists as %s", spec.Name, existing.ID)
	}
	if spec.ReplicationGroupID != "" {
		// Checked before paying for a cluster; checked again under the
		// group lock, since members may change meanwhile.
		members, err := c.groupMembers(ctx, spec.ReplicationGroupID)
		if err != nil {
			return nil, err
		}
		if err := checkJoin(spec, members); err != nil {
			return nil, err
		}
	}

	body := clusterModel{
		Location: spec.Region,
		Tags:     spec.Tags,
		SKU:      &skuModel{Name: spec.SKU},
		Properties: &clusterProps{
			MinimumTLSVersion:   "1.2",
			PublicNetworkAccess: "Enabled",
		},
	}
	// A PUT ARM refused created nothing: there is no cluster to report.
	poller, err := c.startOperation(ctx, http.MethodPut, ref.path(), body, subject)
	if err != nil {
		return nil, err
	}
	if err := c.awaitOperation(ctx, poller, subject); err != nil {
		return c.partial(ref, spec, err)
	}
	if err := c.waitClusterRunning(ctx, ref); err != nil {
		return c.partial(ref, spec, err)
	}
	if spec.ReplicationGroupID == "" {
		err = c.createDatabase(ctx, ref, spec, nil)
	} else {
		err = c.joinGroup(ctx, ref, spec)
	}
	if err != nil {
		return c.partial(ref, spec, err)
	}
	cache, err := c.GetCache(ctx, ref.ID())
	if err != nil {
		return c.partial(ref, spec, err)
	}
	return cache, nil
}

// partial describes a cluster that exists although its creation failed.
func (c *Client) partial(ref clusterRef, spec backend.CacheSpec, err error) (*backend.Cache, error) {
	return &backend.Cache{
		ID: ref.ID(), Name: spec.Name, Region: spec.Region, SKU: spec.SKU,
		EvictionPolicy: spec.EvictionPolicy, ReplicationGroupID: spec.ReplicationGroupID,
		Tags: spec.Tags, ProvisioningState: backend.StateFailed,
		GeoReplicationState: backend.LinkStandalone,
	}, fmt.Errorf("creating cache %q (%s): %w", spec.Name, ref.ID(), err)
}

// validateSpec checks the spec against the catalogue and fills defaults.
func validateSpec(spec *backend.CacheSpec) error {
	if err := catalog.ValidateName(spec.Name); err != nil {
		return invalidf("%v", err)
	}
	if len(spec.Name) > maxClusterNameLen {
		return invalidf("invalid name %q: Azure Managed Redis names are at most %d characters", spec.Name, maxClusterNameLen)
	}
	if _, ok := catalog.LookupRegion(spec.Region); !ok {
		return invalidf("unknown region %q for cache %q", spec.Region, spec.Name)
	}
	sku, ok := catalog.LookupSKU(spec.SKU)
	if !ok {
		return invalidf("unknown SKU %q for cache %q", spec.SKU, spec.Name)
	}
	if spec.EvictionPolicy == "" {
		spec.EvictionPolicy = catalog.DefaultEvictionPolicy
	}
	if !validEviction(spec.EvictionPolicy) {
		return invalidf("unknown eviction policy %q for cache %q: use one of %s",
			spec.EvictionPolicy, spec.Name, strings.Join(catalog.EvictionPolicies(), ", "))
	}
	if g := spec.ReplicationGroupID; g != "" {
		if err := catalog.ValidateName(g); err != nil {
			return invalidf("replication group ID: %v", err)
		}
		if !sku.GeoReplication {
			return invalidf("cache %q: SKU %s cannot join a replication group", spec.Name, spec.SKU)
		}
	}
	return nil
}

func validEviction(p string) bool {
	for _, e := range catalog.EvictionPolicies() {
		if e == p {
			return true
		}
	}
	return false
}

// checkJoin enforces the group rules Azure enforces late or not at all: one
// SKU and eviction policy per group, at most five members.
func checkJoin(spec backend.CacheSpec, members []member) error {
	if len(members) >= catalog.MaxGroupMembers {
		return conflictf("replication group %q already has %d members, the most Azure allows", spec.ReplicationGroupID, len(members))
	}
	for _, m := range members {
		if m.cluster.SKU != nil && m.cluster.SKU.Name != spec.SKU {
			return invalidf("cache %q: SKU %s differs from %s used by replication group %q (member %s); all members must share one SKU",
				spec.Name, spec.SKU, m.cluster.SKU.Name, spec.ReplicationGroupID, m.ref.Name)
		}
		if p := m.db.props().EvictionPolicy; p != "" && p != spec.EvictionPolicy {
			return invalidf("cache %q: eviction policy %s differs from %s used by replication group %q (member %s); all members must share one eviction policy",
				spec.Name, spec.EvictionPolicy, p, spec.ReplicationGroupID, m.ref.Name)
		}
	}
	return nil
}

func (c *Client) waitClusterRunning(ctx context.Context, ref clusterRef) error {
	return c.waitFor(ctx, sprintf("cache %q to be running", ref.Name), func(ctx context.Context) (bool, error) {
		cl, err := c.getCluster(ctx, ref)
		if err != nil {
			return false, err
		}
		if cl == nil {
			return false, fmt.Errorf("cache %q disappeared while being created", ref.Name)
		}
		p := cl.props()
		if p.ProvisioningState == provFailed || p.ProvisioningState == provCanceled || strings.HasSuffix(p.ResourceState, "Failed") {
			return false, fmt.Errorf("cache %q failed to provision: provisioning state %s, resource state %s", ref.Name, p.ProvisioningState, p.ResourceState)
		}
		return p.ProvisioningState == provSucceeded && p.ResourceState == resourceRunning, nil
	})
}

// createDatabase puts the default database and waits until it runs and, in
// a group, until it lists every expected database as Linked.
func (c *Client) createDatabase(ctx context.Context, ref clusterRef, spec backend.CacheSpec, links []string) error {
	props := &databaseProps{
		ClientProtocol:           "Encrypted",
		Port:                     databasePort,
		ClusteringPolicy:         "EnterpriseCluster",
		EvictionPolicy:           spec.EvictionPolicy,
		AccessKeysAuthentication: "Enabled", // the provider reports the keys
	}
	if len(links) > 0 {
		geo := &geoReplication{GroupNickname: spec.ReplicationGroupID}
		for _, id := range links {
			geo.LinkedDatabases = append(geo.LinkedDatabases, linkedDatabase{ID: id})
		}
		props.GeoReplication = geo
	}
	subject := sprintf("database of cache %q", ref.Name)
	if err := c.longRunning(ctx, http.MethodPut, ref.databasePath(), databaseModel{Properties: props}, subject); err != nil {
		return err
	}
	return c.waitFor(ctx, sprintf("cache %q to be running and linked", ref.Name), func(ctx context.Context) (bool, error) {
		db, err := c.getDatabase(ctx, ref)
		if err != nil {
			return false, err
		}
		if db == nil {
			return false, fmt.Errorf("database of cache %q disappeared while being created", ref.Name)
		}
		p := db.props()
		if p.ProvisioningState == provFailed || p.ProvisioningState == provCanceled || strings.HasSuffix(p.ResourceState, "Failed") {
			return false, fmt.Errorf("database of cache %q failed: provisioning state %s, resource state %s", ref.Name, p.ProvisioningState, p.ResourceState)
		}
		if p.ProvisioningState != provSucceeded || p.ResourceState != resourceRunning {
			return false, nil
		}
		return linksSettled(ref, db, links)
	})
}

// linksSettled reports whether db lists every wanted database as Linked.
func linksSettled(ref clusterRef, db *databaseModel, want []string) (bool, error) {
	if len(want) == 0 {
		return true, nil
	}
	g := db.geo()
	if g == nil {
		return false, fmt.Errorf("cache %q was created without geo-replication", ref.Name)
	}
	state := map[string]string{}
	for _, l := range g.LinkedDatabases {
		state[strings.ToLower(l.ID)] = l.State
	}
	for _, id := range want {
		switch s := state[strings.ToLower(id)]; s {
		case backend.LinkLinked:
		case backend.LinkFailed, "UnlinkFailed":
			return false, fmt.Errorf("cache %q: link to %s is %s", ref.Name, clusterIDOfDatabase(id), s)
		default:
			return false, nil
		}
	}
	return true, nil
}

// joinGroup creates the database linked to every current member and waits
// until every member, the new one and each existing one, lists the link as
// Linked. The group lock keeps this process's joins apart; a conflict
// (a 409, or an operation that ends in a conflict) means another process is
// joining, so the members are read again and the join retried.
func (c *Client) joinGroup(ctx context.Context, ref clusterRef, spec backend.CacheSpec) error {
	unlock, err := c.lockGroup(ctx, spec.ReplicationGroupID)
	if err != nil {
		return err
	}
	defer unlock()
	for {
		members, err := c.groupMembers(ctx, spec.ReplicationGroupID)
		if err != nil {
			return err
		}
		var others []member
		for _, m := range members {
			if !sameID(m.ref.ID(), ref.ID()) {
				others = append(others, m)
			}
		}
		if err := checkJoin(spec, others); err != nil {
			return err
		}
		links := []string{ref.databaseID()}
		for _, m := range others {
			links = append(links, m.ref.databaseID())
		}
		err = c.createDatabase(ctx, ref, spec, links)
		if err == nil {
			return c.waitLinkedByOthers(ctx, ref, spec.ReplicationGroupID, others)
		}
		if !isJoinConflict(err) {
			return err
		}
		if err := ctxtime.Sleep(ctx, c.pollInterval); err != nil {
			return fmt.Errorf("cache %q: waiting for another join to group %q: %w", ref.Name, spec.ReplicationGroupID, err)
		}
	}
}

// conflictCodes are the ARM error codes of an operation refused or failed
// because another one is in progress on the same resources.
var conflictCodes = []string{"Conflict", "AnotherOperationInProgress", "OperationConflict"}

// isJoinConflict reports whether a join failed because another link change
// was in progress: an immediate 409, or a long-running operation that ended
// with a conflict code.
func isJoinConflict(err error) bool {
	if errors.Is(err, backend.ErrConflict) && isStatus(err, http.StatusConflict) {
		return true
	}
	var ae *backend.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, code := range conflictCodes {
		if strings.EqualFold(ae.Code, code) {
			return true
		}
	}
	return false
}

// waitLinkedByOthers waits until each of the other members lists the new
// database as Linked. A member that is gone, or no longer in the group, is
// not waited for.
func (c *Client) waitLinkedByOthers(ctx context.Context, ref clusterRef, nickname string, others []member) error {
	self := ref.databaseID()
	return c.waitFor(ctx, sprintf("every member of group %q to link cache %q", nickname, ref.Name), func(ctx context.Context) (bool, error) {
		for _, m := range others {
			db, err := c.getDatabase(ctx, m.ref)
			if err != nil {
				return false, err
			}
			g := db.geo()
			if g == nil || !strings.EqualFold(g.GroupNickname, nickname) {
				continue
			}
			state := ""
			for _, l := range g.LinkedDatabases {
				if sameID(l.ID, self) {
					state = l.State
					break
				}
			}
			switch state {
			case backend.LinkLinked:
			case backend.LinkFailed, "UnlinkFailed":
				return false, fmt.Errorf("cache %q: the link from %s is %s", ref.Name, m.ref.Name, state)
			default:
				return false, nil
			}
		}
		return true, nil
	})
}
