package local

import (
	"context"
	"strings"
	"testing"
)

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.3.2.1": true, "::1": true, "localhost": true, "LocalHost": true,
		"10.0.0.1": false, "example.com": false, "0.0.0.0": false, "": false,
	} {
		if got := isLoopbackHost(host); got != want {
			t.Errorf("isLoopbackHost(%q) = %v", host, got)
		}
	}
}

// Auto-start refuses before touching the network or the state dir.
func TestStartOnlyOnPlainLoopback(t *testing.T) {
	for _, endpoint := range []string{"http://10.1.2.3:7450", "https://127.0.0.1:7450", "http://127.0.0.1:7450/prefix"} {
		c := &Client{endpoint: endpoint, stateDir: t.TempDir()}
		err := c.start(context.Background(), "/nonexistent")
		if err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("%s: %v", endpoint, err)
		}
	}
}
