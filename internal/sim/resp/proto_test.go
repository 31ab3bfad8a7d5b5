package resp

import (
	"strings"
	"testing"
)

func TestParserInline(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  string
	}{
		{in: "SET k v\r\n", want: []string{"SET", "k", "v"}},
		{in: "  SET   k  v  \n", want: []string{"SET", "k", "v"}},
		{in: `SET "a b" 'c\'d'` + "\r\n", want: []string{"SET", "a b", "c'd"}},
		{in: `ECHO "x\ny\r\tz\\"` + "\r\n", want: []string{"ECHO", "x\ny\r\tz\\"}},
		{in: `ECHO ""` + "\n", want: []string{"ECHO", ""}},
		{in: "SET\tk v\r\n", want: []string{"SET\tk", "v"}},
		{in: "a\rb\r\n", want: []string{"a\rb"}},
		{in: `SET a"b c` + "\r\n", err: "Protocol error: unbalanced quotes in request"},
		{in: `SET "a"b` + "\r\n", err: "Protocol error: unbalanced quotes in request"},
		{in: `SET "ab` + "\r\n", err: "Protocol error: unbalanced quotes in request"},
		{in: `SET "ab\"` + "\r\n", err: "Protocol error: unbalanced quotes in request"},
	} {
		for _, step := range []int{1, 3, len(tc.in)} {
			cmds, err := parseAll([]byte(tc.in), step)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Errorf("%q (step %d): err %v, want %q", tc.in, step, err, tc.err)
				}
				continue
			}
			if err != nil || len(cmds) != 1 || len(cmds[0]) != len(tc.want) {
				t.Errorf("%q (step %d): %q, %v", tc.in, step, cmds, err)
				continue
			}
			for i, a := range cmds[0] {
				if string(a) != tc.want[i] {
					t.Errorf("%q (step %d): arg %d = %q, want %q", tc.in, step, i, a, tc.want[i])
				}
			}
		}
	}
	// A blank line is no command.
	if cmds, err := parseAll([]byte("\r\n   \r\nPING\r\n"), 100); err != nil || len(cmds) != 1 {
		t.Errorf("blank lines: %q, %v", cmds, err)
	}
}

func TestParserLimits(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{strings.Repeat("a", maxInlineLen) + "\n", ""},
		{strings.Repeat("a", maxInlineLen+1), "Protocol error: too big inline request"},
		{"*1\r\n$" + strings.Repeat("1", maxHeaderLen-1) + "\r\n", "Protocol error: invalid bulk length"},
		{"*1\r\n$" + strings.Repeat("0", maxHeaderLen+1), "Protocol error: invalid bulk length"},
		{"*+1\r\n$+4\r\nPING\r\n", ""},
		{"*1\r\n$004\r\nPING\r\n", ""},
		{"*-0\r\n", "Protocol error: invalid multibulk length"},
		{"*1\r\n$0\r\n\r\n", ""},
		{"*1\r\n$0\r\nx\r\n", "Protocol error: invalid bulk length"},
		{"*1\r\n\xff", "Protocol error: expected '$', got '\u00ff'"},
	} {
		for _, step := range []int{1, len(tc.in)} {
			_, err := parseAll([]byte(tc.in), step)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.err {
				t.Errorf("%.40q (step %d): err %q, want %q", tc.in, step, got, tc.err)
			}
		}
	}
}

// BenchmarkParse measures the request parser on a pipeline of SETs.
func BenchmarkParse(b *testing.B) {
	var in []byte
	for range 16 {
		in = append(in, respCommand("SET", "key:000001", "xxx")...)
	}
	var pr parser
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		p := in
		for len(p) > 0 {
			n, _, err := pr.feed(p)
			if err != nil {
				b.Fatal(err)
			}
			p = p[n:]
		}
	}
}

// TestPipelinedWriteBatch sends writes, reads and a transaction in one
// pipeline: batched writes must answer in order, like any other command.
func TestPipelinedWriteBatch(t *testing.T) {
	_, addr := startServer(t)
	conn, r := rawConn(t, addr)
	var req []byte
	for _, cmd := range [][]string{
		{"AUTH", testPrimary}, {"SET", "a", "1"}, {"INCR", "a"}, {"INCRBY", "a", "x"}, {"GET", "a"},
		{"INCR", "a"}, {"SET"}, {"MULTI"}, {"INCR", "a"}, {"EXEC"}, {"DEL", "a", "b"}, {"GET", "a"},
	} {
		req = append(req, respCommand(cmd...)...)
	}
	if _, err := conn.Write(req); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"+OK\r\n", "+OK\r\n", ":2\r\n", "-ERR value is not an integer or out of range\r\n", "$1\r\n", "2\r\n",
		":3\r\n", "-ERR wrong number of arguments for 'set' command\r\n", "+OK\r\n", "+QUEUED\r\n",
		"*1\r\n", ":4\r\n", ":1\r\n", "$-1\r\n",
	} {
		if got := readLine(t, r); got != want {
			t.Fatalf("reply = %q, want %q", got, want)
		}
	}
}
