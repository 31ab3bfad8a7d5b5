package resp

import (
	"io"
	"math/rand"
	"strconv"
	"testing"
)

// BenchmarkExec measures the command path alone, without sockets.
func BenchmarkExec(b *testing.B) {
	s := New(Config{Passwords: []string{"pw"}})
	w := newRespWriter(io.Discard)
	c := s.newClient(w)
	c.authed = true
	set := [][]byte{[]byte("SET"), []byte("key:000001"), []byte("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")}
	get := [][]byte{[]byte("GET"), []byte("key:000001")}
	incr := [][]byte{[]byte("INCR"), []byte("counter")}
	for _, bc := range []struct {
		name string
		args [][]byte
	}{{"set", set}, {"get", get}, {"incr", incr}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.exec(c, bc.args)
				_ = w.Flush()
			}
		})
	}
	// Random keys out of 100000, as redis-benchmark -r 100000 sends them.
	// The key argument is rewritten in place each time, as the parser
	// reuses its buffer.
	rng := rand.New(rand.NewSource(1))
	for _, bc := range []struct {
		name string
		args [][]byte
	}{{"set-random", set}, {"incr-random", incr}} {
		key := []byte("key:000000000000")
		args := append([][]byte{bc.args[0], key}, bc.args[2:]...)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				args[1] = strconv.AppendInt(key[:4], int64(rng.Intn(100_000)), 10)
				s.exec(c, args)
				_ = w.Flush()
			}
		})
	}
}
