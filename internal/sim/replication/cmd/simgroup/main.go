// Command simgroup serves a replication group of simulated caches, linked
// with instant links, without the control plane: for profiling the data
// plane of a group member.
//
//	simgroup -addr 127.0.0.1:7000 -members 3 -password KEY [-cpuprofile F]
//
// Members listen on consecutive ports from addr's.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
	"github.com/geocache/terraform-provider-geocache/internal/sim/replication"
	"github.com/geocache/terraform-provider-geocache/internal/sim/resp"
)

func main() {
	host := flag.String("host", "127.0.0.1", "listen host")
	port := flag.Int("port", 7000, "first member's port")
	n := flag.Int("members", 3, "members")
	password := flag.String("password", "", "AUTH password")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file until shutdown")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	eng := replication.New(replication.Config{})
	var srvs []*resp.Server
	var names []string
	for i := 0; i < *n; i++ {
		name := "m" + strconv.Itoa(i+1)
		ds := dataset.New(crdt.ReplicaID(i + 1))
		ds.SetInGroup(true)
		if err := eng.Add(replication.Member{Name: name, Region: "r" + strconv.Itoa(i), ID: crdt.ReplicaID(i + 1), Replica: ds}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, o := range names {
			_ = eng.Link(o, name)
		}
		names = append(names, name)
		ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port+i)))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		srv := resp.New(resp.Config{Name: name, Passwords: []string{*password}, Dataset: ds})
		go func() { _ = srv.Serve(ln) }()
		srvs = append(srvs, srv)
		fmt.Println("member", name, "on", ln.Addr())
	}
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(5 * time.Second)
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				eng.Maintain()
			}
		}
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	close(stop)
	for _, s := range srvs {
		_ = s.Close()
	}
	_ = eng.Close()
}
