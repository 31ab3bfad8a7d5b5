package resp

import (
	"io"
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
}
