package resp

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
	"github.com/tidwall/match"
)

// redisVersion is the Redis release whose behaviour the endpoint follows.
const redisVersion = "7.2.0"

// infoSections are the sections INFO knows, in the order Redis prints them.
var infoSections = []string{"server", "clients", "memory", "keyspace", "crdt"}

// cmdInfo writes the requested sections; unknown sections are skipped,
// so "INFO nosuch" is an empty string, as in Redis.
func cmdInfo(s *Server, c *client, args [][]byte) {
	want := map[string]bool{}
	if len(args) == 1 {
		want["default"] = true
	}
	for _, a := range args[1:] {
		want[strings.ToLower(string(a))] = true
	}
	all := want["default"] || want["all"] || want["everything"]
	var b strings.Builder
	for _, sec := range infoSections {
		if !all && !want[sec] {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\r\n")
		}
		s.writeInfoSection(c, &b, sec)
	}
	c.w.WriteBulkString(b.String())
}

func (s *Server) writeInfoSection(c *client, b *strings.Builder, sec string) {
	line := func(k, v string) { b.WriteString(k + ":" + v + "\r\n") }
	switch sec {
	case "server":
		b.WriteString("# Server\r\n")
		up := time.Since(s.started)
		line("redis_version", redisVersion)
		line("redis_mode", "standalone")
		line("os", runtime.GOOS+" "+runtime.GOARCH)
		line("arch_bits", strconv.Itoa(strconv.IntSize))
		line("process_id", strconv.Itoa(os.Getpid()))
		line("tcp_port", itoa(s.port.Load()))
		line("uptime_in_seconds", itoa(int64(up/time.Second)))
		line("uptime_in_days", itoa(int64(up/(24*time.Hour))))
		line("hz", "10")
		line("cache_name", s.cfg.Name)
	case "clients":
		b.WriteString("# Clients\r\n")
		line("connected_clients", itoa(s.clients.Load()))
		line("blocked_clients", "0")
	case "memory":
		b.WriteString("# Memory\r\n")
		// The process's live heap: exact for one cache per process (the
		// benchmarks), an upper bound when a simulator hosts several.
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		used := int64(ms.HeapAlloc)
		line("used_memory", itoa(used))
		line("used_memory_human", humanBytes(used))
		line("maxmemory", itoa(s.cfg.MaxMemoryBytes))
		line("maxmemory_human", humanBytes(s.cfg.MaxMemoryBytes))
	case "keyspace":
		b.WriteString("# Keyspace\r\n")
		var keys, expires int
		s.read(c, func(ks *crdt.Keyspace) {
			keys = ks.Len()
			expires = ks.Expires()
		})
		if keys > 0 {
			line("db0", fmt.Sprintf("keys=%d,expires=%d,avg_ttl=0", keys, expires))
		}
	case "crdt":
		s.writeCRDTSection(c, b)
	}
}

// humanBytes formats like Redis's bytesToHuman.
func humanBytes(n int64) string {
	f := float64(n)
	for _, u := range []string{"B", "K", "M", "G", "T", "P"} {
		if f < 1024 || u == "P" {
			if u == "B" {
				return itoa(n) + "B"
			}
			return strconv.FormatFloat(f, 'f', 2, 64) + u
		}
		f /= 1024
	}
	return itoa(n) + "B"
}

// cmdMemory answers MEMORY PURGE, which in Redis returns freed memory to
// the system: here it runs a garbage collection and releases what it
// freed, so that INFO memory's used_memory that follows is the live heap.
func cmdMemory(_ *Server, c *client, args [][]byte) {
	if !strings.EqualFold(string(args[1]), "purge") || len(args) != 2 {
		c.w.WriteError(unknownSubcommand(args[1], "MEMORY"))
		return
	}
	debug.FreeOSMemory()
	c.ok()
}

// cmdConfig answers CONFIG GET for the few parameters a cache has, so
// tools that probe the configuration (redis-benchmark) carry on.
func cmdConfig(s *Server, c *client, args [][]byte) {
	if !strings.EqualFold(string(args[1]), "get") {
		c.w.WriteError(unknownSubcommand(args[1], "CONFIG"))
		return
	}
	if len(args) < 3 {
		c.w.WriteError(wrongArity("config|get"))
		return
	}
	params := [][2]string{
		{"maxmemory", itoa(s.cfg.MaxMemoryBytes)},
		{"databases", "1"},
		{"save", ""},
		{"appendonly", "no"},
	}
	var out []string
	for _, p := range params {
		for _, pat := range args[2:] {
			if match.Match(p[0], strings.ToLower(string(pat))) {
				out = append(out, p[0], p[1])
				break
			}
		}
	}
	c.w.WriteArray(len(out))
	for _, v := range out {
		c.w.WriteBulkString(v)
	}
}

// writeCRDTSection reports the active-active state: this member's replica
// ID, whether it is in a group, and one line per peer link with the figures
// the replication engine reports.
func (s *Server) writeCRDTSection(c *client, b *strings.Builder) {
	b.WriteString("# CRDT\r\n")
	b.WriteString("crdt_replica_id:" + strconv.FormatUint(uint64(s.ds.ID()), 10) + "\r\n")
	b.WriteString("crdt_in_group:" + strconv.Itoa(b2i(s.ds.InGroup())) + "\r\n")
	var links []dataset.LinkStatus
	if c.tx != nil {
		links = c.tx.links
	} else {
		links = s.ds.Links()
	}
	b.WriteString("crdt_peers:" + strconv.Itoa(len(links)) + "\r\n")
	for i, l := range links {
		fmt.Fprintf(b, "crdt_peer%d:peer=%s,region=%s,state=%s,backlog=%d,lag_ms=%s,last_ack_seq=%d\r\n",
			i, infoValue(l.Peer), infoValue(l.Region), infoValue(l.State), l.Backlog,
			strconv.FormatFloat(l.LagMs, 'f', 3, 64), l.LastAckSeq)
	}
}

// infoValue keeps a reported name from breaking INFO's line format.
func infoValue(v string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\r', '\n', ',', '=', ':':
			return '_'
		}
		return r
	}, v)
}
