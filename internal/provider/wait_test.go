package provider

import (
	"testing"
	"time"
)

func TestNextPollDelay(t *testing.T) {
	d := time.Duration(0)
	var seen []time.Duration
	for i := 0; i < 40; i++ {
		d = nextPollDelay(d)
		seen = append(seen, d)
	}
	if seen[0] != pollInitial {
		t.Fatalf("first delay = %s, want %s", seen[0], pollInitial)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Fatalf("delays must not shrink: %v", seen)
		}
		if seen[i] > pollMax {
			t.Fatalf("delay %s exceeds the cap %s", seen[i], pollMax)
		}
	}
	if last := seen[len(seen)-1]; last != pollMax {
		t.Fatalf("delays should settle at %s, got %s", pollMax, last)
	}
}
