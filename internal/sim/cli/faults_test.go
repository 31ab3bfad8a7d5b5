package cli_test

import (
	"strings"
	"testing"
)

func TestFaultCommandsAgainstARunningSimulator(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	d := serve(t, "--listen", "127.0.0.1:0", "--state-dir", dir, "--latency", "off", "--provisioning-delay", "0s")
	conn := []string{"--endpoint", d.endpoint, "--state-dir", dir}
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"partition", "eastus", "westeurope"}, "Partitions: eastus <-> westeurope"},
		{[]string{"partition", "southeastasia", "eastus"}, "eastus <-> southeastasia"},
		{[]string{"heal", "westeurope", "eastus"}, "Partitions: eastus <-> southeastasia\n"},
		{[]string{"latency", "eastus", "westeurope", "120ms"}, "overrides: eastus <-> westeurope 120ms"},
		{[]string{"latency", "eastus", "westeurope", "reset"}, "Latency: off, no overrides"},
		{[]string{"heal"}, "Partitions: none"},
		{[]string{"latency", "reset"}, "no overrides"},
	}
	for _, s := range steps {
		// Flags may come before or after the regions.
		code, out, errOut := run(t, append(append([]string{}, s.args...), conn...)...)
		if code != 0 || !strings.Contains(out, s.want) {
			t.Fatalf("%q: exit %d, stdout %q, stderr %q; want %q", s.args, code, out, errOut, s.want)
		}
	}
	code, out, errOut := run(t, append([]string{"status"}, conn...)...)
	if code != 0 || !strings.Contains(out, "Partitions: none") {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}

	code, _, errOut = run(t, append([]string{"partition"}, append(conn, "eastus", "atlantis")...)...)
	if code != 1 || !strings.Contains(errOut, `unknown region "atlantis"`) {
		t.Fatalf("unknown region: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, append([]string{"flush", "missing"}, conn...)...)
	if code != 1 || !strings.Contains(errOut, "not found") {
		t.Fatalf("flush of a missing cache: exit %d, stderr %q", code, errOut)
	}
}
