package crdt

import (
	"reflect"
	"strings"
	"testing"
)

func TestKeysAndScanSkipRemovedAndExpired(t *testing.T) {
	a, _, clk := pair()
	for _, k := range []string{"a1", "a2", "b1", "gone", "old"} {
		a.Set(k, []byte("v"), SetOptions{})
	}
	a.Del("gone")
	a.Expire("old", clk.ms+1)
	clk.ms++
	if got := a.Keys(nil); !reflect.DeepEqual(got, []string{"a1", "a2", "b1"}) {
		t.Fatalf("Keys %v", got)
	}
	if a.Len() != 3 {
		t.Fatalf("Len %d", a.Len())
	}
	var seen []string
	cursor := ""
	for {
		page, next := a.Scan(cursor, 2, func(k string) bool { return strings.HasPrefix(k, "a") })
		seen = append(seen, page...)
		if next == "" {
			break
		}
		cursor = next
	}
	if !reflect.DeepEqual(seen, []string{"a1", "a2"}) {
		t.Fatalf("Scan %v", seen)
	}
}
