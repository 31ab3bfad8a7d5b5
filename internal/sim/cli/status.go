package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

type statusOptions struct {
	endpoint string
	token    string
	stateDir string
}

func statusFlags(w io.Writer) (*flag.FlagSet, *statusOptions) {
	fs := newFlagSet("status", "status [--endpoint E] [--token T] [--state-dir D]", w)
	return fs, connFlags(fs)
}

// runStatus finds the simulator exactly as the provider does, but never
// starts one: a status query that spawned a daemon would report on itself.
func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := statusFlags(stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	c, err := local.Connect(ctx, local.Config{Endpoint: o.endpoint, Token: o.token, StateDir: o.stateDir})
	if err != nil {
		fmt.Fprintf(stderr, "sim status: %v\n", err)
		return exitError
	}
	st, err := c.Status(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "sim status: %v\n", err)
		return exitError
	}
	caches, err := c.ListCaches(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "sim status: %v\n", err)
		return exitError
	}
	groups, err := c.ListGroups(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "sim status: %v\n", err)
		return exitError
	}
	if err := printStatus(stdout, c.Endpoint(), st, caches, groups); err != nil {
		fmt.Fprintf(stderr, "sim status: %v\n", err)
		return exitError
	}
	return exitOK
}

func printStatus(w io.Writer, endpoint string, st *simapi.Status, caches []simapi.Cache, groups []simapi.Group) error {
	fmt.Fprintf(w, "Simulator %s, version %s, latency %s, up since %s\n",
		endpoint, st.Version, st.Latency, st.StartedAt.Local().Format(time.DateTime))
	fmt.Fprintf(w, "State dir %s\n", st.StateDir)
	fmt.Fprintf(w, "Partitions: %s\n", partitions(st.Partitions))

	fmt.Fprintf(w, "\nCaches (%d)\n", len(caches))
	if len(caches) > 0 {
		sort.Slice(caches, func(i, j int) bool { return caches[i].Name < caches[j].Name })
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tREGION\tSKU\tENDPOINT\tGROUP\tSTATE\tGEO-REPLICATION\tLINKS")
		for _, c := range caches {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s:%d\t%s\t%s\t%s\t%s\n",
				c.Name, c.Region, c.SKU, c.Hostname, c.Port, dash(c.ReplicationGroup),
				dash(c.ProvisioningState), dash(c.GeoReplicationState), links(c.Links))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	fmt.Fprintf(w, "\nReplication groups (%d)\n", len(groups))
	if len(groups) > 0 {
		sort.Slice(groups, func(i, j int) bool { return groups[i].Name < groups[j].Name })
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tSKU\tEVICTION\tMEMBERS")
		for _, g := range groups {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", g.Name, dash(g.SKU), dash(g.EvictionPolicy), members(g.Members))
		}
		return tw.Flush()
	}
	return nil
}

func partitions(ps [][2]string) string {
	if len(ps) == 0 {
		return "none"
	}
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p[0]+" <-> "+p[1])
	}
	return strings.Join(out, ", ")
}

func links(ls []simapi.Link) string {
	if len(ls) == 0 {
		return "-"
	}
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s(%s)", l.Name, l.State))
	}
	return strings.Join(out, ",")
}

func members(ms []simapi.Member) string {
	if len(ms) == 0 {
		return "-"
	}
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s@%s(%s)", m.Name, m.Region, m.State))
	}
	return strings.Join(out, ",")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
