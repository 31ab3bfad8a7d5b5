package dataset

import (
	"errors"
	"reflect"
	"testing"
)

func recv(t *testing.T, s *Subscription) Message {
	t.Helper()
	select {
	case m := <-s.C:
		return m
	default:
		t.Fatal("no message")
		return Message{}
	}
}

func TestPublishReachesChannelsPatternsAndHook(t *testing.T) {
	d := New(1)
	var shipped []string
	d.OnPublish(func(ch string, msg []byte) { shipped = append(shipped, ch+"="+string(msg)) })
	s := d.Subscribe(8)
	defer s.Close()
	if !s.Add("news") || s.Add("news") || !s.AddPattern("n*") || s.Count() != 2 {
		t.Fatal("subscription bookkeeping")
	}
	if n := d.Publish("news", []byte("hi")); n != 2 {
		t.Fatalf("Publish = %d receivers, want 2 (channel and pattern)", n)
	}
	got := []Message{recv(t, s), recv(t, s)}
	want := []Message{{Channel: "news", Payload: []byte("hi")}, {Pattern: "n*", Channel: "news", Payload: []byte("hi")}}
	if !reflect.DeepEqual(got, want) && !reflect.DeepEqual(got, []Message{want[1], want[0]}) {
		t.Fatalf("got %+v", got)
	}
	if !reflect.DeepEqual(shipped, []string{"news=hi"}) {
		t.Fatalf("hook got %v", shipped)
	}
	// Deliver is local only.
	if n := d.Deliver("nope", []byte("x")); n != 1 {
		t.Fatalf("Deliver = %d, want 1 (pattern)", n)
	}
	recv(t, s)
	if len(shipped) != 1 {
		t.Fatal("Deliver reached the publish hook")
	}
	if !s.Remove("news") || s.Remove("news") || !s.RemovePattern("n*") || s.Count() != 0 {
		t.Fatal("unsubscribe bookkeeping")
	}
	if d.Publish("news", nil) != 0 || d.NumSub("news") != 0 {
		t.Fatal("message reached a removed subscription")
	}
}

func TestSlowSubscriberIsClosed(t *testing.T) {
	d := New(1)
	s := d.Subscribe(1)
	s.Add("c")
	d.Publish("c", []byte("1"))
	d.Publish("c", []byte("2")) // overflows
	if !errors.Is(s.Err(), ErrSlowSubscriber) {
		t.Fatalf("Err = %v", s.Err())
	}
	<-s.C
	if _, ok := <-s.C; ok {
		t.Fatal("C still open after overflow")
	}
	s.Close() // idempotent after overflow
	if d.NumSub("c") != 0 {
		t.Fatal("closed subscription still registered")
	}
}

func TestMatch(t *testing.T) {
	cases := []struct {
		p, s string
		want bool
	}{
		{"*", "", true}, {"*", "abc", true}, {"a*", "abc", true}, {"a*c", "abbbc", true},
		{"a*c", "abcd", false}, {"h?llo", "hello", true}, {"h?llo", "hllo", false},
		{"h[ae]llo", "hallo", true}, {"h[ae]llo", "hillo", false}, {"h[^e]llo", "hallo", true},
		{"h[^e]llo", "hello", false}, {"h[a-b]llo", "hbllo", true}, {"h[b-a]llo", "hallo", true},
		{`h\*llo`, "h*llo", true}, {`h\*llo`, "hello", false}, {"*a*b*c*", "xxaxxbxxcxx", true},
		{"[abc", "a", true}, {"abc", "ab", false}, {"ab", "abc", false}, {`a\`, `a\`, true},
		{"user:*:name", "user:42:name", true}, {"**", "x", true},
	}
	for _, c := range cases {
		if got := Match(c.p, c.s); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.p, c.s, got, c.want)
		}
	}
}
